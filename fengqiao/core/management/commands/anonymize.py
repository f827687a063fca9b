from fengqiao.core.management.passthrough import PassThroughCommand
from fengqiao.textlaw.anonymize.cli import main


class Command(PassThroughCommand):
    help = (
        "去标识化：anonymize [--policy rules|publish|research] [--json] < in.txt > out.txt；"
        "批量：anonymize --policy publish --out 目录 文件…"
    )
    entry = staticmethod(main)
