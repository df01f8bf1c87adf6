"""A hello-world Flask app: the yardstick for bench/pages.py, served with the same gunicorn settings.

    gunicorn -c gunicorn.conf.py bench.hello_wsgi:app
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, world"
