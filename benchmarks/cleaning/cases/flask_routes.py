# expect functions: _unused_view
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "ok"


@app.errorhandler(404)
def not_found(error):
    return "missing", 404


@app.before_request
def load_user():
    return None


def _unused_view():
    return "never routed"
