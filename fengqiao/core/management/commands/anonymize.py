from fengqiao.core.management.passthrough import PassThroughCommand
from fengqiao.textlaw.anonymize.cli import main


class Command(PassThroughCommand):
    help = "去标识化：anonymize [--policy rules|publish|research] [--json] < in.txt > out.txt"
    entry = staticmethod(main)
