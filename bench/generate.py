"""Generate realistic journals for benchmarks: entries of 50–2,000 words with markdown, code, tables, math and tags,
spread over years; one entry in twenty also has paragraphs in Chinese, Japanese or Thai (scripts written without spaces
between words), and one in two thousand a truly rare word (``zeitgeber``; in Chinese, ``柯尔莫哥洛夫``).
Deterministic for a given size and seed; cached under ``bench/data/`` or ``$TRAILBOOK_BENCH_DATA`` (say, in /tmp).

    python bench/generate.py 10000            # writes bench/data/journal-10000.json and bench/data/home-10000/
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DATA = Path(os.environ.get("TRAILBOOK_BENCH_DATA") or ROOT / "data")
sys.path.insert(0, str(ROOT.parent))

AREAS = [
    "foundations", "research-code", "system-design", "ml-modules", "testing", "data-infra", "serving", "mlops",
    "monitoring", "cloud", "cli", "algorithms", "git", "specialisation", "communication",
]  # fmt: skip
TOPIC_WORDS = {
    "serving": "latency throughput fastapi endpoint batching p95 p99 onnx torchserve grpc container replica",
    "testing": "pytest fixture mock assertion coverage typing mypy ruff lint hypothesis regression ci pipeline",
    "data-infra": "parquet warehouse bigquery partition shard spark duckdb sql join index schema dataset sampling",
    "mlops": "registry lineage artifact deployment shadow canary rollback staging promotion mlflow versioning",
    "monitoring": "drift concept covariate precision recall alert dashboard retraining label delay psi kolmogorov",
    "system-design": "queue cache consistency availability tradeoff feedback loop business metric backup storage",
    "cloud": "bucket iam vpc kubernetes node pod terraform region quota spot instance cost",
    "git": "rebase commit branch review pull request merge conflict bisect history squash",
    "algorithms": "heap graph dynamic programming complexity hash tree sorting binary search amortized",
    "foundations": "gradient regularization variance bias likelihood bayesian calibration bootstrap estimator",
}
COMMON = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "with",
    "as",
    "was",
    "on",
    "be",
    "by",
    "this",
    "are",
    "from",
    "at",
    "or",
    "an",
    "have",
    "not",
    "which",
    "but",
    "we",
    "had",
    "model",
    "data",
    "training",
    "learned",
    "today",
    "notes",
    "code",
    "test",
    "result",
]
FILLER = [
    "approach",
    "build",
    "change",
    "check",
    "compare",
    "config",
    "debug",
    "deploy",
    "design",
    "detail",
    "error",
    "example",
    "experiment",
    "feature",
    "figure",
    "fix",
    "function",
    "idea",
    "improve",
    "input",
    "issue",
    "library",
    "measure",
    "method",
    "metric",
    "notebook",
    "output",
    "package",
    "parameter",
    "performance",
    "plan",
    "problem",
    "process",
    "question",
    "reason",
    "review",
    "run",
    "service",
    "simple",
    "small",
    "step",
    "system",
    "team",
    "time",
    "tool",
    "tried",
    "understand",
    "update",
    "value",
    "version",
    "work",
    "write",
]
CODE = '''```python
def {name}(batch: list[dict]) -> list[float]:
    """{doc}"""
    scores = [model.predict(row["features"]) for row in batch]
    return [round(s, 4) for s in scores]
```'''
TABLE = (
    "| metric | before | after |\n|---|---:|---:|\n| p95 latency (ms) | {a} | {b} |\n| error rate | 0.{c}% | 0.{d}% |"
)
# Scripts without spaces: words from the same topics, joined as those languages write them (Latin names glued on).
ZH_WORDS = [
    "今天", "我们", "模型", "数据", "训练", "部署", "延迟", "梯度下降", "学习", "机器学习", "监控", "漂移",
    "实验", "问题", "结果", "代码", "测试", "服务", "缓存", "队列", "吞吐量", "精度", "召回率", "特征",
    "参数", "优化", "调试", "版本", "管道", "集群", "容器", "日志", "指标", "告警", "回滚", "分支",
    "合并", "复杂度", "算法", "排序", "哈希", "动态规划", "正则化", "方差", "偏差", "似然", "贝叶斯", "校准",
    "的", "了", "是", "在", "和", "用", "把", "很", "也", "还", "发现", "需要",
    "觉得", "终于", "明白", "为什么", "一个", "这个", "比较", "之后", "因为", "所以", "但是", "如果",
    "用PyTorch", "在GPU上", "写了SQL",
]  # fmt: skip
JA_WORDS = [
    "今日は", "モデル", "データ", "学習", "デプロイ", "勾配降下法", "遅延", "推論", "監視", "ドリフト",
    "実験", "問題", "結果", "コード", "テスト", "サービス", "キャッシュ", "キュー", "精度", "再現率",
    "特徴量", "パラメータ", "最適化", "デバッグ", "バージョン", "パイプライン", "クラスタ", "コンテナ", "ログ", "指標",
    "アラート", "ロールバック", "ブランチ", "マージ", "計算量", "アルゴリズム", "ソート", "正則化", "分散", "バイアス",
    "尤度", "ベイズ", "を", "が", "は", "の", "に", "で", "と", "も",
    "から", "まで", "しました", "確認した", "試した", "直した", "書いた", "読んだ", "考えた", "わかった",
    "Pythonで", "GPUを", "FastAPIで",
]  # fmt: skip
TH_WORDS = [
    "วันนี้", "โมเดล", "ข้อมูล", "การฝึก", "การปรับใช้", "ความหน่วง", "เกรเดียนต์", "เรียนรู้", "การตรวจสอบ",
    "การทดลอง", "ปัญหา", "ผลลัพธ์", "โค้ด", "ทดสอบ", "บริการ", "แคช", "คิว", "ความแม่นยำ",
    "พารามิเตอร์", "ดีบัก", "เวอร์ชัน", "ไปป์ไลน์", "คลัสเตอร์", "บันทึก", "ตัวชี้วัด", "อัลกอริทึม", "และ",
    "ของ", "ที่", "ใน", "เป็น", "ได้", "มี", "ไม่", "จะ", "ให้",
    "กับ", "แล้ว", "เรา", "ว่า", "ก็", "ต้อง", "ยัง", "มาก",
]  # fmt: skip
RARE_WORD, RARE_ZH = "zeitgeber", "柯尔莫哥洛夫"
MATH = "The loss is $L = -\\sum_i y_i \\log \\hat y_i$ and\n\n$$\\sigma(x) = \\frac{{1}}{{1 + e^{{-x}}}}$$"


def _words(rng: random.Random, area: str, n: int) -> list[str]:
    topic = TOPIC_WORDS.get(area, TOPIC_WORDS["foundations"]).split()
    pool = COMMON * 3 + FILLER * 2 + topic * 4
    return rng.choices(pool, k=n)


def _paragraphs(rng: random.Random, words: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(words):
        size = rng.randint(25, 90)
        chunk = words[i : i + size]
        chunk[0] = chunk[0].capitalize()
        out.append(" ".join(chunk) + ".")
        i += size
    return out


def _unspaced_paragraph(rng: random.Random) -> str:
    """A paragraph in Chinese, Japanese or Thai: sentences of words with no spaces between them."""
    language = rng.choices(("zh", "ja", "th"), weights=(45, 40, 15))[0]
    words = {"zh": ZH_WORDS, "ja": JA_WORDS, "th": TH_WORDS}[language]
    sentences = []
    for _ in range(rng.randint(2, 6)):
        chosen = rng.choices(words, k=rng.randint(6, 16))
        # Thai separates sentences (not words) with a space; Chinese and Japanese end them with 。
        sentences.append("".join(chosen) + ("" if language == "th" else "。"))
    return (" " if language == "th" else "").join(sentences)


def _extras(extra: random.Random) -> list[str]:
    """What the minority of entries add: paragraphs in unspaced scripts, a truly rare word."""
    parts = []
    if extra.random() < 0.05:
        parts.extend(_unspaced_paragraph(extra) for _ in range(extra.randint(1, 4)))
    if extra.random() < 0.0005:
        parts.append(f"Read about the {RARE_WORD} hypothesis today.")
    if extra.random() < 0.0005:
        parts.append(f"今天读了{RARE_ZH}的论文，终于明白了。")
    return parts


def make_entry(rng: random.Random, index: int, start: dt.date, days: int, extra: random.Random | None = None) -> dict:
    area = rng.choice(AREAS)
    tags = sorted({area, *rng.sample(AREAS, k=rng.choice([0, 0, 1, 2]))})
    n_words = int(math.exp(rng.uniform(math.log(50), math.log(2000))))
    words = _words(rng, area, n_words)
    title = " ".join(rng.choices(words[:40], k=rng.randint(3, 7))).capitalize()
    parts = [f"# {title}", *_paragraphs(rng, words)]
    if rng.random() < 0.5:
        parts.insert(2, CODE.format(name=f"score_{index}", doc=" ".join(words[:8])))
    if rng.random() < 0.2:
        cells = {"a": rng.randint(80, 400), "b": rng.randint(20, 80), "c": rng.randint(1, 9), "d": rng.randint(1, 9)}
        parts.insert(len(parts) // 2, TABLE.format(**cells))
    if rng.random() < 0.1:
        parts.append(MATH)
    if rng.random() < 0.3:
        parts.insert(1, "- [x] " + " ".join(words[:6]) + "\n- [ ] " + " ".join(words[6:12]))
    if extra is not None:  # its own random stream: the English text is the same as without it
        parts.extend(_extras(extra))
    day = start + dt.timedelta(days=rng.randrange(days))
    created = dt.datetime.combine(day, dt.time(rng.randint(6, 22), rng.randint(0, 59)), tzinfo=dt.UTC)
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "title": title,
        "date": day.isoformat(),
        "created": created.isoformat(),
        "updated": (created + dt.timedelta(minutes=rng.randint(0, 600))).isoformat(),
        "tags": tags,
        "private": rng.random() < 0.15,
        "summary": "",
        "body": "\n\n".join(parts) + "\n",
    }


def generate(count: int, *, seed: int = 7, years: int = 10) -> dict:
    rng = random.Random(seed)
    start = dt.date(2026, 1, 1) - dt.timedelta(days=365 * years)
    entries = [make_entry(rng, i, start, 365 * years, random.Random(f"extra-{seed}-{i}")) for i in range(count)]
    entries.sort(key=lambda e: e["created"])  # a journal grows in time order
    return {"format": "trailbook-journal", "version": 1, "entries": entries}


def json_path(count: int) -> Path:
    return DATA / f"journal-{count}.json"


def ensure_json(count: int) -> Path:
    path = json_path(count)
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_text(json.dumps(generate(count), ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    return path


def ensure_home(count: int) -> tuple[Path, float | None]:
    """A journal folder with ``count`` generated entries; returns it and the import time when it was just built."""
    home = DATA / f"home-{count}"
    if (home / "journal.db").exists():
        return home, None
    from journal.db import open_journal
    from journal.jobs import run
    from journal.transfer.jsonfile import import_json

    source = ensure_json(count)
    tmp = DATA / f"home-{count}.part"
    if tmp.exists():
        import shutil

        shutil.rmtree(tmp)
    with open_journal(tmp) as journal:
        started = time.perf_counter()
        run(import_json(journal, source))
        elapsed = time.perf_counter() - started
    tmp.replace(home)
    return home, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="+", type=int)
    args = parser.parse_args()
    for size in args.sizes:
        started = time.perf_counter()
        home, import_s = ensure_home(size)
        note = f", import {import_s:.1f} s" if import_s is not None else " (cached)"
        print(f"{size:>7} entries → {home}  ({time.perf_counter() - started:.1f} s total{note})")


if __name__ == "__main__":
    main()
