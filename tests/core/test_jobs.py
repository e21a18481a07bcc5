"""The daily jobs: registered once, run for a date from the CLI, idempotent, set-based."""

from datetime import date

import pytest

from dealercrm.cli import main
from dealercrm.core.jobs import registered_jobs, run_daily_jobs
from dealercrm.core.models import JobRun
from dealercrm.customers.models import Customer
from dealercrm.customers.services import address_add, consent_set, contact_flag_wrong_number


def test_the_data_quality_job_is_registered():
    assert "customers.data_quality" in registered_jobs()


def test_it_scores_what_we_know_about_each_customer(dealer, make_customer, system):
    bare = make_customer(dealer, name="赵六", mobile="")
    complete = make_customer(
        dealer,
        name="钱七",
        mobile="13812340000",
        id_number="11010519491231002X",
        birthday=date(1949, 12, 31),
        gender="male",
    )
    consent_set(actor=system, customer=complete, channel="phone", granted=True, source="到店")
    address_add(actor=system, customer=complete, fields={"line": "科技园路1号"})
    run_daily_jobs(date(2026, 11, 25))
    bare.refresh_from_db()
    complete.refresh_from_db()
    assert bare.data_quality == 0
    assert complete.data_quality == 90  # everything but an e-mail / WeChat


def test_a_wrong_number_lowers_the_score(dealer, make_customer, system):
    customer = make_customer(dealer, mobile="13812340001")
    run_daily_jobs(date(2026, 11, 25))
    before = Customer.objects.get(pk=customer.pk).data_quality
    contact_flag_wrong_number(actor=system, contact=customer.contacts.get())
    run_daily_jobs(date(2026, 11, 25))
    assert Customer.objects.get(pk=customer.pk).data_quality == before - 35


def test_running_the_same_date_twice_changes_nothing_the_second_time(dealer, make_customer):
    make_customer(dealer, mobile="13812340002")
    first = dict(run_daily_jobs(date(2026, 11, 25)))
    second = dict(run_daily_jobs(date(2026, 11, 25)))
    assert first["customers.data_quality"]["changed"] == 1
    assert second["customers.data_quality"]["changed"] == 0
    assert (
        JobRun.objects.filter(name="customers.data_quality", run_on=date(2026, 11, 25), ok=True).count() == 2
    )


def test_the_cli_runs_the_jobs_for_a_given_date(dealer, make_customer, capsys):
    make_customer(dealer, mobile="13812340003")
    main(["run-jobs", "--date", "2026-11-24"])
    assert "2026-11-24 customers.data_quality" in capsys.readouterr().out
    assert JobRun.objects.filter(run_on=date(2026, 11, 24)).exists()


def test_the_data_quality_job_is_one_statement_per_batch(
    dealer, make_customer, django_assert_max_num_queries
):
    for i in range(40):
        make_customer(dealer, name=f"客户{i}", mobile=f"1391234{i:04d}")
    with django_assert_max_num_queries(8):
        run_daily_jobs(date(2026, 11, 25), only=["customers.data_quality"])


def test_a_job_runs_after_the_jobs_whose_output_it_reads():
    order = list(registered_jobs())
    assert order.index("service.due_dates") < order.index(
        "loyalty.standing"
    )  # "overdue" needs tonight's dates
    assert order.index("service.due_dates") < order.index("service.reminders")
    assert order.index("care.calendar") < order.index("messaging.dispatch")


def test_jobs_that_wait_for_each_other_in_a_circle_are_refused(monkeypatch):
    from dealercrm.core import jobs

    monkeypatch.setattr(jobs, "_REGISTRY", {"a.one": print, "b.two": print})
    monkeypatch.setattr(jobs, "_AFTER", {"a.one": ("b.two",), "b.two": ("a.one",)})
    with pytest.raises(ValueError, match="circle"):
        jobs.registered_jobs()
