"""`python -m eval run [--gold FILE ...] [--json] [--report DIR] [--no-retrieval]
[--min-accuracy X] [--max-wrong-figure-rate X]`: ask every gold question, score the answers, write the report.
`python -m eval fuzz [--docs DIR ...] [--pdf] [--n N] [--seed S] [--json]`: ask questions generated from every
loaded document and hostile text; report crashes, timeouts and unverified figures (eval.fuzz).

Exit code 1 when a threshold is not met (fuzz: any crash, timeout or unverified figure), 2 when the gold file
cannot be read.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from corpus import CorpusError
from corpus.attachments import disclosure_groups, load_disclosure
from eval import fuzz
from eval.metrics import summarise
from eval.questions import DEFAULT_GOLD, GoldError, load_gold
from eval.report import DEFAULT_REPORT_DIR, percent, write_report
from eval.retrieval import BaselineRetriever
from eval.run import run_gold
from qa.pipeline import Pipeline


def extra_documents(folders: list[Path], suffix: str = ".txt") -> list:
    """Documents read from folders beside the corpus (id: the file stem; attachments of one disclosure are one
    document, id their common name), for gold sets about them; `suffix` .pdf reads the published PDFs instead
    of their text extractions."""
    documents = []
    for folder in folders:
        for paths in disclosure_groups(sorted(folder.glob("*" + suffix))) if folder.is_dir() else ():
            try:
                documents.append(load_disclosure(paths))
            except CorpusError as exc:
                print(f"skipped {' + '.join(map(str, paths))}: {exc}", file=sys.stderr)
    return documents


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "fuzz":
        return run_fuzz(args)
    try:
        questions = load_gold(args.gold)
    except (GoldError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    pipeline = Pipeline.load(retrieval=not args.no_retrieval)
    if args.also:  # loaded together as the product loads them: its word lists cover every document
        pipeline.documents += extra_documents(args.also, ".pdf" if args.pdf else ".txt")
        pipeline = Pipeline(pipeline.documents, pipeline.retriever, pipeline.llm)
    baseline = None if args.no_retrieval else BaselineRetriever.build(pipeline.documents)
    progress = sys.stderr if sys.stderr.isatty() else None
    if args.alone:
        results, skipped = run_alone(pipeline, questions, baseline, progress)
    else:
        results, skipped = run_gold(pipeline, questions, baseline, progress)
    summary = summarise(results, len(skipped))
    report = write_report(args.report, summary, results, skipped)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(headline(summary, report))
    failures = threshold_failures(summary, args.min_accuracy, args.max_wrong_figure_rate, args.per_document)
    for failure in failures:
        print(f"threshold not met: {failure}", file=sys.stderr)
    return 1 if failures else 0


def run_fuzz(args) -> int:
    """The fuzz harness over the corpus and every document in `--docs`, all loaded together."""
    pipeline = Pipeline.load(retrieval=args.retrieval)
    pipeline.documents += extra_documents(args.docs, ".pdf" if args.pdf else ".txt")
    pipeline = Pipeline(pipeline.documents, pipeline.retriever, pipeline.llm)  # its word lists cover every document
    questions = fuzz.generate(pipeline.documents, args.n, args.seed)
    print(f"fuzz: {len(questions)} questions over {len(pipeline.documents)} documents (seed {args.seed})",
          file=sys.stderr, flush=True)
    report = fuzz.run(pipeline, questions, progress=sys.stderr)
    if args.json:
        print(json.dumps(dict(report.summary(), findings=[vars(f) for f in report.findings]), ensure_ascii=False))
    else:
        print(fuzz.render(report))
    summary = report.summary()
    return 1 if summary["crashes"] or summary["timeouts"] or summary["unverified_figures"] or summary["miscited"] else 0


def run_alone(pipeline: Pipeline, questions, baseline, progress):
    """Each document's questions asked with that document alone loaded (a new user's desk with one disclosure);
    a question whose gold is read from two documents (a cross-year change) has both, and nothing else."""
    by_id = {d.id: d for d in pipeline.documents}
    results = []
    needs: dict[tuple[str, ...], list] = {}
    for q in questions:
        if q.doc in by_id:
            needs.setdefault(tuple(d for d in q.documents if d in by_id), []).append(q)
    for ids, asked in needs.items():
        alone = Pipeline([by_id[i] for i in ids], pipeline.retriever, pipeline.llm)
        got, _ = run_gold(alone, asked, baseline, progress)
        results += got
    skipped = [q for q in questions if q.doc not in by_id]
    return results, skipped


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="evaluate the QA pipeline on the gold questions")
    run.add_argument("--gold", nargs="+", type=Path, default=[DEFAULT_GOLD], help="gold JSONL files")
    run.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    run.add_argument("--report", type=Path, default=DEFAULT_REPORT_DIR, metavar="DIR",
                     help="folder for report.md and last.json (default: eval/reports)")
    run.add_argument("--no-retrieval", action="store_true",
                     help="answer from the parsed tables only and skip the retrieval recall measurements")
    run.add_argument("--also", type=Path, nargs="*", default=[], metavar="DIR",
                     help="load every .txt in these folders too (e.g. ../shared/corpus-dev); absent folders are skipped")
    run.add_argument("--pdf", action="store_true",
                     help="with --also: read each folder's .pdf files (through pdfplumber) instead of the .txt")
    run.add_argument("--alone", action="store_true",
                     help="ask each document's questions with that document alone loaded (default: all loaded together)")
    run.add_argument("--min-accuracy", type=float, help="exit 1 when accuracy is below this")
    run.add_argument("--max-wrong-figure-rate", type=float, help="exit 1 when the wrong-figure rate is above this")
    run.add_argument("--per-document", action="store_true",
                     help="apply --min-accuracy and --max-wrong-figure-rate to each document as well")
    fuzzing = sub.add_parser("fuzz", help="ask generated and hostile questions; report crashes, timeouts and "
                                          "unverified figures")
    fuzzing.add_argument("--docs", type=Path, nargs="*", default=[], metavar="DIR",
                         help="load every document in these folders beside the corpus (absent folders are skipped)")
    fuzzing.add_argument("--pdf", action="store_true", help="read the folders' .pdf files instead of the .txt")
    fuzzing.add_argument("--n", type=int, default=2000, help="about how many questions (default 2000)")
    fuzzing.add_argument("--seed", type=int, default=0)
    fuzzing.add_argument("--retrieval", action="store_true",
                         help="open the built index too (default: the in-memory lexical index of each document)")
    fuzzing.add_argument("--json", action="store_true", help="print the summary and every finding as one JSON object")
    return parser.parse_args(argv)


def threshold_failures(summary: dict, min_accuracy: float | None, max_wrong_figure_rate: float | None,
                       per_document: bool = False) -> list[str]:
    """The gates not met: on the whole run, and with `per_document` on each document's figures too (a new
    document's weakness must not hide in the average)."""
    failures = []
    if summary["n"] == 0 and (min_accuracy is not None or max_wrong_figure_rate is not None):
        failures.append("no gold question was evaluated")
    scopes = [("", summary)] + ([(f"{doc}: ", figures) for doc, figures in summary.get("by_document", {}).items()]
                                if per_document else [])
    for prefix, figures in scopes:
        accuracy, wrong = figures["accuracy"], figures["wrong_figure_rate"]
        if min_accuracy is not None and accuracy is not None and accuracy < min_accuracy:
            failures.append(f"{prefix}accuracy {accuracy:.4f} < {min_accuracy}")
        if max_wrong_figure_rate is not None and wrong is not None and wrong > max_wrong_figure_rate:
            failures.append(f"{prefix}wrong-figure rate {wrong:.4f} > {max_wrong_figure_rate}")
    return failures


def headline(summary: dict, report: Path) -> str:
    def show(key: str) -> str:
        return percent(summary[key])

    return (f"{summary['n']} questions ({summary['skipped']} skipped): accuracy {show('accuracy')}, "
            f"wrong figures {show('wrong_figure_rate')}, unit errors {summary['unit_errors']}, "
            f"citations {show('citation_accuracy')}, checks {show('check_coverage')}, "
            f"recall@5 {show('retrieval_recall_at_5')} (baseline {show('baseline_recall_at_5')}), "
            f"p50 {summary['latency_ms_p50']} ms, p95 {summary['latency_ms_p95']} ms\nreport: {report}")


if __name__ == "__main__":
    sys.exit(main())
