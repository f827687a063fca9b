from fengqiao.core.management.passthrough import PassThroughCommand
from fengqiao.mining.similar.cli import main


class Command(PassThroughCommand):
    help = "类案比对：similar-rank --query FILE --candidates DIR [--json]"
    entry = staticmethod(main)
