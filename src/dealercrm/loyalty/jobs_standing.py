"""Daily jobs (standing), registered with core.jobs.daily_job."""
