"""Serve the product: gunicorn (web) plus the huey consumer (background jobs), together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动网站（gunicorn）和后台任务进程（huey），Ctrl+C 一并停止"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--web-workers", default=os.environ.get("FENGQIAO_WEB_WORKERS", "2"))

    def handle(self, *args, **options) -> None:
        bind = f"{options['host']}:{options['port']}"
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "fengqiao.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(options["web_workers"]),
                "--access-logfile",
                "-",
                "--timeout",
                "120",
            ]
        )
        worker = subprocess.Popen([sys.executable, "-m", "fengqiao.cli", "run_huey"])
        self.stdout.write(self.style.SUCCESS(f"枫桥已启动：http://{bind}/  （后台任务进程已启动）"))

        def stop(*_args) -> None:
            for process in (web, worker):
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while web.poll() is None and worker.poll() is None:
                try:
                    web.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    continue
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in (web, worker):
                process.wait(timeout=30)
