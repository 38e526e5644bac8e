#!/usr/bin/env python3
"""A plain Python 3 client of the cloud-token sidecar: the standard library only.

Usage: sidecar_client.py BASE_URL CLIENTS
The client id and secret come from CLOUD_TOKEN_CLIENT_ID and CLOUD_TOKEN_CLIENT_SECRET.

Each line read on stdin starts one round: CLIENTS threads at once, the even ones asking the
token facade for a token and calling the API through the sidecar with it, the odd ones calling
through the sidecar with no token at all. After each round it prints one JSON line: the status
of every call (or the error's name). It ends when stdin closes.
"""
import json
import os
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

BASE, CLIENTS = sys.argv[1], int(sys.argv[2])
CLIENT_ID = os.environ["CLOUD_TOKEN_CLIENT_ID"]
CLIENT_SECRET = os.environ["CLOUD_TOKEN_CLIENT_SECRET"]
TIMEOUT = 120


def get_token():
    form = urllib.parse.urlencode(
        {"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    ).encode()
    request = urllib.request.Request(BASE + "/connect/token", data=form, method="POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
        return json.load(answer)["access_token"]


def call(path, token=None):
    request = urllib.request.Request(BASE + path)
    if token is not None:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
        json.load(answer)
        return answer.status


def client(index, results, start):
    start.wait()
    try:
        token = get_token() if index % 2 == 0 else None
        results[index] = call("/v4.0/words/doc%d.docx/statistics" % index, token)
    except urllib.error.HTTPError as error:
        results[index] = error.code
    except Exception as error:  # a failed call is a result to report, not a crash
        results[index] = type(error).__name__


for _ in sys.stdin:
    results = [None] * CLIENTS
    start = threading.Barrier(CLIENTS)
    threads = [threading.Thread(target=client, args=(i, results, start)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(results), flush=True)
