"""Serve the product: gunicorn (web) plus the huey consumer (background jobs), together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand


def gunicorn_command(bind: str, workers: str | int, threads: str | int) -> list[str]:
    """gunicorn with threaded workers (gthread): a slow request (a large export, a download)
    holds one thread, not a whole process, so the login page stays responsive."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "fengqiao.wsgi:application",
        "--bind",
        bind,
        "--worker-class",
        "gthread",
        "--workers",
        str(int(workers)),
        "--threads",
        str(int(threads)),
        "--access-logfile",
        "-",
        "--timeout",
        "120",
        # Request line and header limits (the body's is FENGQIAO_REQUEST_MAX_BYTES, checked by
        # fengqiao.core.middleware.RequestSizeLimitMiddleware before the body is read).
        "--limit-request-line",
        "8190",
        "--limit-request-fields",
        "100",
    ]


class Command(BaseCommand):
    help = "启动网站（gunicorn）和后台任务进程（huey），Ctrl+C 一并停止"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--web-workers", default=os.environ.get("FENGQIAO_WEB_WORKERS", "2"))
        parser.add_argument(
            "--web-threads",
            default=os.environ.get("FENGQIAO_WEB_THREADS", "4"),
            help="每个网站进程的线程数（gthread），默认 4",
        )

    def handle(self, *args, **options) -> None:
        bind = f"{options['host']}:{options['port']}"
        web = subprocess.Popen(
            gunicorn_command(bind, options["web_workers"], options["web_threads"])
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
