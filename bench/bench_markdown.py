"""Benchmark the markdown renderer and the math converters; prints medians. A script, not a test.

Run: ``.venv/bin/python bench/bench_markdown.py`` (add ``--quick`` for fewer repeats).

- render: an 800-word and a 20,000-word realistic note (headings, prose, code, tables, math, lists), with our full
  extension set (``render_html``) against plain Python-Markdown with the same stock extensions, both reusing one
  instance; math cache cold (first render of new formulas) and warm (the preview re-rendering while typing).
- math: mean time per formula over 30 realistic formulas, latex2mathml (TeX to MathML) against ziamath (TeX to SVG).
- big: one conversion of a ~5 MB note.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import markdown

from journal.markdown import render_html
from journal.markdown.mathml import _convert
from journal.markdown.render import stock_extensions
from journal.markdown.words import count_words

FORMULAS = [
    r"\frac{a}{b}",
    r"\frac{\partial L}{\partial w_{ij}}",
    r"\sum_{i=1}^{n} x_i^2",
    r"\prod_{k=1}^{K} p(x_k \mid \theta)",
    r"\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}",
    r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
    r"\begin{bmatrix} 1 & 0 & 0 \\ 0 & 1 & 0 \\ 0 & 0 & 1 \end{bmatrix}",
    r"\alpha + \beta = \gamma",
    r"\sigma(z) = \frac{1}{1 + e^{-z}}",
    r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}",
    r"\nabla_\theta J(\theta)",
    r"\mathbb{E}_{x \sim p}[f(x)]",
    r"\hat{y} = W x + b",
    r"\mathcal{L} = -\sum_{c=1}^{C} y_c \log \hat{y}_c",
    r"\|x\|_2 = \sqrt{\sum_i x_i^2}",
    r"\theta_{t+1} = \theta_t - \eta \nabla L(\theta_t)",
    r"x_{i,j}^{(l)}",
    r"\lim_{n \to \infty} \left(1 + \frac{1}{n}\right)^n = e",
    r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right) V",
    r"p(\theta \mid D) = \frac{p(D \mid \theta)\, p(\theta)}{p(D)}",
    r"\lambda_{\max}",
    r"\mathbf{W} \in \mathbb{R}^{m \times n}",
    r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}",
    r"\operatorname{KL}(P \| Q) = \sum_x P(x) \log \frac{P(x)}{Q(x)}",
    r"\Delta w = -\eta \frac{\partial E}{\partial w}",
    r"\bar{x} = \frac{1}{N}\sum_{n=1}^N x_n",
    r"\sqrt[3]{x^3 + y^3}",
    r"a \le b \ne c \ge d",
    r"\Omega(n \log n)",
    r"\mathrm{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]^2",
]

_SECTION = """## {n}. Notes on gradient descent, part {n}

Today I worked through the backpropagation chapter again. The key idea is that the loss $L$ depends on every weight
$w_{{ij}}$ through a chain of functions, so $\\frac{{\\partial L}}{{\\partial w_{{ij}}}}$ is a product of local
derivatives. I finally understood why the learning rate $\\eta = 0.0{n}$ matters so much in practice, and why
people warm it up. Prices for GPU time were $5 and $10 per hour, which is why I kept the batch small.

- [x] re-derive the softmax gradient
- [ ] compare SGD with **Adam** on the toy problem
- read the paper on *layer normalisation* and write a summary

$$
\\theta_{{t+1}} = \\theta_t - \\eta \\nabla_\\theta L(\\theta_t)
$$

```python
def step(params, grads, lr=0.0{n}):
    \"\"\"One plain SGD step: the grads are already averaged over the batch.\"\"\"
    return [p - lr * g for p, g in zip(params, grads)]
```

| optimiser | lr | epochs | val. accuracy |
|-----------|----|--------|---------------|
| SGD       | 0.1 | 20    | 0.9{n}        |
| Adam      | 0.001 | 12  | 0.93          |

The table shows that `Adam` converged faster, but SGD generalised slightly better, which matches what I read[^{n}].
Next time I want to try a cosine schedule and see whether $\\sigma(z) = \\frac{{1}}{{1 + e^{{-z}}}}$ saturates.

[^{n}]: See the notes from week {n} for the details of the setup.

"""


def make_note(words: int) -> str:
    """A realistic entry of about ``words`` words (as :func:`count_words` counts them)."""
    parts = ["# Learning journal\n\n[TOC]\n\n"]
    n = 1
    while count_words("".join(parts)) < words:
        parts.append(_SECTION.format(n=n))
        n += 1
    return "".join(parts)


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def bench_render(repeat: int) -> None:
    plain = markdown.Markdown(
        extensions=stock_extensions(),
        extension_configs={"pymdownx.tasklist": {"custom_checkbox": False, "clickable_checkbox": False}},
        output_format="html",
    )

    def run_plain(text: str) -> None:
        plain.reset()
        plain.convert(text)

    print("render (median ms):")
    print(f"  {'note':>12} {'plain':>9} {'ours warm':>10} {'ratio':>6} {'ours cold':>10} {'count_words':>12}"
          f" {'task boxes':>11}")  # fmt: skip
    for target in (800, 20_000):
        text = make_note(target)
        words = count_words(text)
        render_html(text)  # build the thread's instance and warm caches
        run_plain(text)
        r = max(3, repeat // (10 if target > 1000 else 1))
        t_plain = median_ms(lambda text=text: run_plain(text), r)
        t_ours = median_ms(lambda text=text: render_html(text), r)

        def cold(text: str = text) -> None:
            _convert.cache_clear()
            render_html(text)

        t_cold = median_ms(cold, r)
        t_words = median_ms(lambda text=text: count_words(text), r)
        # The preview's render: each task's checkbox a link to its line (journal.markdown.tasks)
        t_tasks = median_ms(lambda text=text: render_html(text, clickable_tasks=True), r)
        ratio = t_ours / t_plain
        print(f"  {words:>6} words {t_plain:>9.2f} {t_ours:>10.2f} {ratio:>5.2f}x {t_cold:>10.2f} {t_words:>12.2f}"
              f" {t_tasks:>11.2f}")  # fmt: skip
    t0 = time.perf_counter()
    from journal.markdown.render import build_markdown

    for _ in range(10):
        build_markdown()
    print(f"  building one Markdown instance with every extension: {(time.perf_counter() - t0) * 100:.1f} ms")


def bench_math(repeat: int) -> None:
    from latex2mathml.converter import convert

    print(f"math (mean ms per formula over {len(FORMULAS)} formulas, median of {repeat} passes):")

    def per_formula(fn: Callable[[str], object]) -> float:
        passes = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            for tex in FORMULAS:
                fn(tex)
            passes.append((time.perf_counter() - t0) * 1000 / len(FORMULAS))
        return statistics.median(passes)

    print(f"  latex2mathml.convert (uncached):   {per_formula(convert):.3f}")
    cold = per_formula(lambda t: (_convert.cache_clear(), _convert(t, False, False)))
    print(f"  tex_to_mathml, cache cold:         {cold:.3f}")
    _convert.cache_clear()
    for tex in FORMULAS:
        _convert(tex, False, False)
    print(f"  tex_to_mathml, cache warm:         {per_formula(lambda t: _convert(t, False, False)):.4f}")
    try:
        import ziamath
    except ImportError:
        print("  ziamath: not installed (pip install ziamath)")
        return
    ziamath.Latex(FORMULAS[0]).svg()  # font loading happens once, on first use; not counted
    failures = []

    def zia(tex: str) -> None:
        try:
            ziamath.Latex(tex).svg()
        except Exception as exc:  # report, don't stop the benchmark
            failures.append(f"{tex}: {exc}")

    print(f"  ziamath Latex(...).svg():           {per_formula(zia):.3f}")
    if failures:
        print(f"  ziamath failed on {len(set(failures))} formulas: {sorted(set(failures))[:3]}")


def bench_big() -> None:
    text = make_note(20_000)
    text = text * (5 * 1024 * 1024 // len(text.encode("utf-8")) + 1)
    t0 = time.perf_counter()
    result = render_html(text)
    elapsed = time.perf_counter() - t0
    size = len(text.encode("utf-8")) / 1024 / 1024
    print(f"big: {size:.1f} MB, {result.word_count} words rendered in {elapsed:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--no-big", action="store_true", help="skip the 5 MB conversion")
    args = parser.parse_args()
    repeat = 5 if args.quick else 30
    print(f"Python {sys.version.split()[0]}, Markdown {markdown.__version__}")
    bench_render(repeat)
    bench_math(repeat)
    if not args.no_big:
        bench_big()


if __name__ == "__main__":
    main()
