"""Background jobs: every task a user would wait more than a second for (exports, the figures template, the city
assessment…) runs in the task worker (Django's tasks API through django-tasks, the database backend by default),
recorded as a `core.Job` the user watches and downloads from. Apps register their kinds in `AppConfig.ready`
(`registry.register`); `runner.start` queues one; docs/jobs.md."""
