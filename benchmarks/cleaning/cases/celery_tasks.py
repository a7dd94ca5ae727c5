# expect functions: _render_unused
from celery import Celery, shared_task

app = Celery("tasks")


@app.task
def send_email(address):
    return address


@shared_task(bind=True)
def cleanup(self):
    return self


def _render_unused(template):
    return template.upper()
