"""gunicorn's own settings file, read from the folder it starts in (the README's command line
gives the rest: the address and the number of workers)."""

import gc
from typing import Any

# A page builds tens of thousands of objects (rows, queries, template nodes) that die with the
# request. Python's collector ran every 700 new objects and walked the loaded code's objects
# too; after the application is loaded, those are frozen out of its walk and it runs every
# 50,000: 1.0 -> 0.55 ms of collection a request in process, over the load mix (README).
COLLECT_AFTER = 50_000


def post_worker_init(worker: Any) -> None:
    gc.freeze()
    gc.set_threshold(COLLECT_AFTER)
