"""The baseline: a bare Flask app answering "Hello, World!", served by gunicorn with the store's settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
