"""A small, realistic demo journal (someone moving from research into ML engineering), for screenshots and trying
the app: ``python docs/demo_journal.py DIR``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from journal import entries as entry_service
from journal import tags as tag_service
from journal.db import Journal, open_journal

TODAY = dt.date(2026, 11, 20)

ENTRIES: list[tuple[int, str, list[str], bool, str]] = [
    (
        0,
        "Shadow deployment for the ranking model",
        ["mlops", "serving"],
        False,
        """# Shadow deployment for the ranking model

Today we ran the new ranking model **in shadow** next to production: every request goes to both, only the old
model's answer is returned, and we log both.

## What I set up

- A second deployment behind the same service, reading a copy of the traffic
- A comparison job that joins both predictions on `request_id` every hour
- An alert when the disagreement rate goes above 5%

```python
def disagreement(old: list[int], new: list[int], k: int = 10) -> float:
    \"\"\"Share of requests whose top-k lists differ.\"\"\"
    differ = sum(set(a[:k]) != set(b[:k]) for a, b in zip(old, new))
    return differ / max(1, len(old))
```

| metric | production | shadow |
|---|---:|---:|
| p95 latency (ms) | 84 | 97 |
| NDCG@10 (offline) | 0.412 | 0.431 |

The expected gain is about $\\Delta = 0.019$ NDCG, but latency went up; next: profile the feature lookup.
""",
    ),
    (
        1,
        "TIL: pytest fixtures with tmp_path",
        ["testing"],
        False,
        """# TIL: pytest fixtures with tmp_path

`tmp_path` gives each test its own folder, so tests that write files never step on each other.

```python
def test_writes_parquet(tmp_path):
    out = tmp_path / "features.parquet"
    build_features(SAMPLE, out)
    assert pq.read_table(out).num_rows == len(SAMPLE)
```

- [x] Replace the shared `/tmp/out` folder in our suite
- [ ] Add a fixture for a tiny fake warehouse
""",
    ),
    (
        2,
        "Data drift vs concept drift",
        ["monitoring"],
        False,
        """# Data drift vs concept drift

**Data drift**: the inputs change ($P(x)$ moves). **Concept drift**: the relation changes ($P(y \\mid x)$ moves).

Population stability index for a binned feature:

$$\\mathrm{PSI} = \\sum_i (a_i - e_i) \\ln \\frac{a_i}{e_i}$$

Rule of thumb we use: below 0.1 fine, 0.1–0.25 watch, above 0.25 investigate.
""",
    ),
    (
        3,
        "Notes on 'Hidden Technical Debt in ML Systems'",
        ["system-design", "foundations"],
        False,
        """# Notes on 'Hidden Technical Debt in ML Systems'

The model code is a small box in a big diagram: configuration, data collection, feature extraction, serving and
monitoring dominate. Our pipeline has the *glue code* smell: three notebooks that reshape the same table.
""",
    ),
    (
        4,
        "Salary negotiation prep",
        [],
        True,
        """# Salary negotiation prep

Private notes for the call on Thursday. Never published.
""",
    ),
    (
        6,
        "Packaged the churn model as a CLI",
        ["ml-modules"],
        False,
        """# Packaged the churn model as a CLI

Moved `churn.ipynb` into a package with `train`, `evaluate` and `predict` commands. `pip install -e .` and the
notebook is gone. Wrote a `pyproject.toml` with entry points.
""",
    ),
    (
        8,
        "Profiling the feature store lookup",
        ["serving", "data-infra"],
        False,
        """# Profiling the feature store lookup

py-spy showed 60% of the request time in JSON decoding of feature blobs. Switching to msgpack cut p95 from 97 ms to
71 ms.
""",
    ),
    (
        11,
        "Git: interactive rebase before review",
        ["git"],
        False,
        """# Git: interactive rebase before review

`git rebase -i origin/main` to squash the fixups; reviewers read five clean commits instead of twenty-three.
""",
    ),
    (
        13,
        "Terraform for the training bucket",
        ["cloud"],
        False,
        """# Terraform for the training bucket

First Terraform module: a versioned bucket for model artefacts with a lifecycle rule that keeps 30 days of old
versions.
""",
    ),
    (
        16,
        "Heap-based top-k in O(n log k)",
        ["algorithms"],
        False,
        """# Heap-based top-k in O(n log k)

```python
import heapq
top = heapq.nlargest(10, scores, key=lambda s: s.value)
```
""",
    ),
    (
        20,
        "Wrote my first blog post draft",
        ["communication"],
        False,
        """# Wrote my first blog post draft

Explaining shadow deployments to my old lab: start with the risk, not the mechanism.
""",
    ),
    (
        27,
        "Batching requests in the inference service",
        ["serving"],
        False,
        """# Batching requests in the inference service

Dynamic batching with a 5 ms window doubled throughput on the GPU node; p99 went up by 4 ms, which is fine for us.
""",
    ),
    (
        34,
        "Unit tests for the preprocessing step",
        ["testing"],
        False,
        """# Unit tests for the preprocessing step

Property test: normalising twice equals normalising once. Found a bug with all-zero columns.
""",
    ),
    (
        41,
        "Reading: Designing Machine Learning Systems, ch. 7",
        ["system-design"],
        False,
        """# Reading notes

Batch prediction vs online prediction; the trade-off is freshness against cost.
""",
    ),
    (
        55,
        "Spark vs DuckDB for the weekly features",
        ["data-infra"],
        False,
        """# Spark vs DuckDB

For 40 GB of parquet on one machine DuckDB finished in 3 minutes; the Spark job took 11 with cluster start-up.
""",
    ),
]


AREA_COLOURS = {
    "serving": "#ef4444",
    "testing": "#d97706",
    "mlops": "#d946ef",
    "monitoring": "#ec4899",
    "system-design": "#0891b2",
    "data-infra": "#0d9488",
    "git": "#ea580c",
    "cloud": "#0284c7",
    "algorithms": "#6366f1",
    "communication": "#a16207",
    "foundations": "#3b82f6",
    "ml-modules": "#16a34a",
}


def build(home: Path) -> Journal:
    journal = open_journal(home)
    for name, colour in AREA_COLOURS.items():
        tag_service.add_tag(journal, name, colour=colour)
    for days_ago, title, tags, private, body in reversed(ENTRIES):
        entry_service.create_entry(
            journal, body, title=title, tags=tags, private=private, day=TODAY - dt.timedelta(days=days_ago)
        )
    first = entry_service.list_entries(journal, limit=1)[0]
    entry_service.update_entry(journal, first.id, body=entry_service.get_entry(journal, first.id).body + "\n")
    return journal


if __name__ == "__main__":
    build(Path(sys.argv[1])).close()
