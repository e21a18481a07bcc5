"""The `dealercrm` command: demo, serve, seed, run-jobs, compilemessages, and `manage …` for Django."""

import argparse
import os
import sys
from datetime import date
from pathlib import Path

DEMO_PASSWORD = "dealercrm"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dealercrm.settings")
    import django

    django.setup()


def _manage(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dealercrm.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dealercrm manage", *argv])


def cmd_seed(args: argparse.Namespace) -> None:
    _setup()
    from dealercrm.seed import seed

    report = seed(dealers=args.dealers, customers=args.customers, seed=args.seed, logins=True)
    print(report)


def cmd_run_jobs(args: argparse.Namespace) -> None:
    _setup()
    from django.utils import timezone

    from dealercrm.core.jobs import run_daily_jobs

    day = date.fromisoformat(args.date) if args.date else timezone.localdate()
    for name, result in run_daily_jobs(day, only=args.only or None):
        print(f"{day} {name}: {result}")


def cmd_serve(args: argparse.Namespace) -> None:
    """gunicorn with threads: the same server in the demo as in production."""
    _setup()
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "dealercrm.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--access-logfile",
        "-",
    ]
    run()


def cmd_demo(args: argparse.Namespace) -> None:
    _setup()
    from django.core.management import call_command
    from django.utils import timezone

    from dealercrm.core.jobs import run_daily_jobs
    from dealercrm.seed import DEMO_DEALERS, demo_logins, seed

    call_command("migrate", interactive=False, verbosity=0)
    report = seed(dealers=len(DEMO_DEALERS), customers=args.customers, seed=1, logins=True)
    print(report)
    from dealercrm.followups.demo import demo_events

    demo_events()  # the seeded deliveries become follow-up calls (idempotent), so the queue is not empty
    for name, result in run_daily_jobs(timezone.localdate()):
        print(f"job {name}: {result}")
    print(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for username, roles in demo_logins():
        print(f"  {username:<14} {roles}")
    print(f"\nServing http://{args.host}:{args.port}/  (Ctrl-C stops)\n", flush=True)
    cmd_serve(args)


def cmd_compilemessages(args: argparse.Namespace) -> None:
    """Compile the .po catalogs with polib, so no system gettext is needed to run the app."""
    import polib

    root = Path(__file__).resolve().parent / "locale"
    for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        print(f"compiled {po_path.relative_to(root)}")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["manage"]:
        _manage(argv[1:])
        return
    parser = argparse.ArgumentParser(prog="dealercrm", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def serve_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        p.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        p.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))

    p = sub.add_parser("demo", help="migrate, seed the demo dealers, run the daily jobs, print logins, serve")
    serve_options(p)
    p.add_argument("--customers", type=int, default=4000, help="customers in all (split across the dealers)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="serve the application with gunicorn")
    serve_options(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("seed", help="bulk-insert realistic dealers, staff, customers and vehicles")
    p.add_argument("--dealers", type=int, default=2)
    p.add_argument("--customers", type=int, default=4000, help="customers in all (split across the dealers)")
    p.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same data")
    p.set_defaults(func=cmd_seed)

    p = sub.add_parser("run-jobs", help="run the registered daily jobs for a business date")
    p.add_argument("--date", help="YYYY-MM-DD (default: today)")
    p.add_argument("--only", action="append", help="run only this job (repeatable)")
    p.set_defaults(func=cmd_run_jobs)

    p = sub.add_parser("compilemessages", help="compile the translation catalogs")
    p.set_defaults(func=cmd_compilemessages)

    sub.add_parser("manage", help="pass the rest of the command line to Django's manage.py")
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
