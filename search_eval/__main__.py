"""Every figure of search_eval in one run, on the current database (the demo's, or make
run's; DATABASE_URL chooses):

    .venv/bin/python -m search_eval [--misses]

1. need phrases (needs.py): top-5 hits per half, site and API, beside chance;
2. queries.tsv (evaluate.py): hit rate and precision@5 beside chance;
3. schedule cells (schedules.py): the importer's reading of 開催日時 cells (no database);
4. places (places.py, when present): the place box's reading of addresses and places.
"""

from __future__ import annotations

import importlib
import sys


def main(argv: list[str]) -> int:
    from search_eval.setup import django_setup

    django_setup()
    misses = ["--misses"] if "--misses" in argv else []
    status = 0
    print("# 1. need phrases")
    from search_eval import needs

    status |= needs.main(misses)
    print("\n# 2. queries.tsv")
    from search_eval import evaluate

    print(evaluate.report(evaluate.evaluate(), evaluate.baselines()))
    print("\n# 3. schedule cells")
    from search_eval import schedules

    status |= schedules.main(misses)
    print("\n# 4. places")
    try:
        places = importlib.import_module("search_eval.places")
    except ModuleNotFoundError as missing:
        if missing.name != "search_eval.places":
            raise
        print("search_eval/places.py is not here yet: no place figures.")
    else:
        status |= places.main(misses)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
