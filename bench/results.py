"""The one place the benchmarks write their figures: a block of
docs/performance.md between `<!-- NAME-results -->` and `<!-- /NAME-results -->`."""

from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def write_results(name, lines, heading):
    """Replace the `name` block with `lines`; with no block yet, add it at the end
    under `heading`."""
    start, end = f"<!-- {name}-results -->", f"<!-- /{name}-results -->"
    block = f"{start}\n" + "\n".join(lines) + f"\n{end}"
    text = DOCS.read_text()
    if start in text:
        before, rest = text.split(start)
        _, after = rest.split(end)
        DOCS.write_text(before + block + after)
    else:
        DOCS.write_text(text.rstrip("\n") + f"\n\n## {heading}\n\n" + block + "\n")
    print(f"figures written to {DOCS.relative_to(DOCS.parent.parent)}")
