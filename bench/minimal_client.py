"""The baseline: the least a client can do to write N invoices, signed PUTs by external id with C in
flight (requests-oauthlib, one session per thread). Run as its own process by the bench:

    python -m bench.minimal_client BASE_URL CUSTOMER_ID N C  (credentials in BENCH_TBA, 4 values)
"""

from __future__ import annotations

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from requests_oauthlib import OAuth1

ACCOUNT_ID = "TSTDRV2450117"


def main() -> None:
    base_url, customer_id, count, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    consumer_key, consumer_secret, token_id, token_secret = os.environ["BENCH_TBA"].split(":")
    auth = OAuth1(
        consumer_key,
        client_secret=consumer_secret,
        resource_owner_key=token_id,
        resource_owner_secret=token_secret,
        signature_method="HMAC-SHA256",
        realm=ACCOUNT_ID,
    )
    local = threading.local()

    def put(n: int) -> None:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        body = {
            "entity": {"id": customer_id},
            "tranDate": "2026-12-01",
            "item": {"items": [{"item": {"id": "201"}, "quantity": 3, "rate": 125.5}]},
        }
        answer = session.put(
            f"{base_url}/services/rest/record/v1/invoice/eid:bench-minimal-{n}",
            params={"replace": "item"},
            json=body,
            auth=auth,
            timeout=60,
        )
        if answer.status_code != 204:
            raise RuntimeError(f"PUT {n}: {answer.status_code} {answer.text[:200]}")

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for done in pool.map(put, range(count)):
            del done
    print(f"elapsed={time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main()
