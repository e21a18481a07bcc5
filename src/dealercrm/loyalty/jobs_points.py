"""Daily jobs (points), registered with core.jobs.daily_job."""
