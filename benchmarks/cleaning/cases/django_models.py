# expect functions: _slug_unused
from django.db import models


class Article(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"/articles/{self.pk}/"


def _slug_unused(text):
    return text.lower().replace(" ", "-")
