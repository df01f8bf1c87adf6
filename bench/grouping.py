"""Benchmark of near-duplicate grouping (app/replies/grouping.py), issue 10.

    .venv/bin/python -m bench.grouping --comments 50000

Generates realistic Danish comments with a fixed seed, groups them, and
reports time, peak memory and pairwise precision and recall against the known
campaigns; prints a table and appends it to bench/RESULTS.md.

The comments: sentences of 4–18 words from a vocabulary about social services
(with the stock phrases people write, such as "i forhold til"); each comment
1–40 sentences. About 3 % are stock short answers ("Enig.", "Ingen
bemærkninger."), whose known duplicates are the identical ones. 30 % are
copies of ~20 campaign letters (5–20 sentences), each copy with small random
edits: line breaks, spacing, punctuation and case always differ; 70 % add a
greeting or signature (name, often an address); 30 % change one to three words
in one sentence; 10 % add a short personal sentence; 5 % drop a sentence.
"""

import argparse
import datetime
import os
import platform
import random
import resource
import subprocess
import time
from collections import Counter
from math import comb
from pathlib import Path

from app.replies.grouping import group_near_duplicates


def _words(text: str) -> list[str]:
    return text.split()


FUNCTION_WORDS = _words(
    "og i at det er en til på som med for af ikke den de har vi jeg kan skal vil om men så også "
    "der et fra ved når hvor meget mere mange alle bliver være have få give kun efter uden mellem"
)
CONTENT_WORDS = _words(
    "borger borgere kommune kommunen forvaltningen udvalget handicaprådet seniorrådet pårørende "
    "hjemmehjælp hjemmepleje plejehjem plejecenter bosted botilbud støtte kontaktperson ledsagelse "
    "aflastning rehabilitering genoptræning visitation visitationen kvalitetsstandard kvalitetsstandarden "
    "serviceloven paragraf ydelse ydelsen ydelser tildeling kriterier målgruppe omfang varighed "
    "opfølgning revision afgørelse klage klagevejledning sagsbehandling sagsbehandler sagsbehandlingstid "
    "handicap funktionsnedsættelse psykiatri socialpsykiatri misbrug bostøtte værested aktivitetstilbud "
    "beskyttet beskæftigelse samværstilbud dagtilbud madordning rengøring indkøb tøjvask personlig pleje "
    "praktisk hjælp hjælpemidler kørsel kørselsordning transport borgerstyret personlig assistance "
    "merudgifter tabt arbejdsfortjeneste selvbestemmelse inklusion tryghed værdighed livskvalitet "
    "besparelse besparelser budget økonomi ressourcer personale medarbejdere tid kvalitet tilbud "
    "stramning tydeliggørelse ændring forslag høring høringen høringssvar bemærkninger bekymring "
    "vigtigt nødvendigt urimeligt utilstrækkeligt uklart konkret individuel helhedsvurdering "
    "ventetid ventetiden timer uger måneder døgn weekend aften nat familie barn børn unge voksne ældre "
    "demens hjerneskade autisme udviklingshæmning sclerose gigt kørestol rollator boligen lejligheden "
    "netværk frivillige foreninger lokalområdet lyngby taarbæk virum hjortekær sorgenfri lundtofte"
)
PHRASES = (
    "i forhold til", "det er vigtigt at", "jeg mener at", "vi er bekymrede for", "det betyder at",
    "på den ene side", "i praksis", "som udgangspunkt", "det er ikke rimeligt at", "vi foreslår at",
)
STOCK = ("Enig.", "Ingen bemærkninger.", "Uenig.", "Ingen bemærkninger til høringen.", "Jeg er enig i forslaget.")
FIRST = _words("Anne Mette Hanne Susanne Lone Kirsten Peter Jens Lars Henrik Søren Niels Ole Bent Åse Jørgen")
LAST = _words("Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen Møller")
STREETS = _words("Kongevejen Lyngby Hovedgade Nørgaardsvej Sorgenfrivej Virumvej Hjortekærsvej Buddingevej")


def sentence(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(4, 18)):
        roll = rng.random()
        if roll < 0.06:
            parts.append(rng.choice(PHRASES))
        elif roll < 0.45:
            parts.append(rng.choice(FUNCTION_WORDS))
        else:
            parts.append(rng.choice(CONTENT_WORDS))
    text = " ".join(parts)
    if rng.random() < 0.3:
        cut = text.split(" ")
        cut.insert(rng.randint(1, len(cut)), ",")
        text = " ".join(cut).replace(" ,", ",")
    return text[0].upper() + text[1:] + rng.choice(".....!?")


def layout(rng: random.Random, sentences: list[str]) -> str:
    """Join sentences with varied spacing, line breaks, punctuation and case."""
    out: list[str] = []
    for text in sentences:
        if rng.random() < 0.2:
            text = text.rstrip(".!?") + rng.choice(("", "!", "!!", " .", "..."))
        if rng.random() < 0.1:
            text = text.replace(",", "")
        if rng.random() < 0.05:
            text = text.upper()
        elif rng.random() < 0.1:
            text = text.lower()
        out.append(text)
        out.append(rng.choice((" ", " ", "  ", "\n", "\n\n", "\r\n")))
    return "".join(out).strip()


def signature(rng: random.Random) -> str:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    if rng.random() < 0.5:
        address = f"{rng.choice(STREETS)} {rng.randint(1, 199)}, {rng.choice(('2800 Kgs. Lyngby', '2830 Virum'))}"
        name = f"{name}\n{address}"
    return f"{rng.choice(('Med venlig hilsen', 'Venlig hilsen', 'Hilsen', 'Mvh.'))}\n{name}"


def campaign_copy(rng: random.Random, template: list[str]) -> str:
    sentences = list(template)
    if rng.random() < 0.3:  # a few words changed in one sentence
        i = rng.randrange(len(sentences))
        tokens = sentences[i].split(" ")
        for _ in range(rng.randint(1, 3)):
            tokens[rng.randrange(len(tokens))] = rng.choice(CONTENT_WORDS)
        sentences[i] = " ".join(tokens)
    if rng.random() < 0.1:  # a short personal sentence
        personal = f"Jeg er selv {rng.choice(('pårørende', 'borger i kommunen', 'bruger af tilbuddet'))}."
        sentences.insert(rng.randint(0, len(sentences)), personal)
    if rng.random() < 0.05 and len(sentences) > 8:
        del sentences[rng.randrange(len(sentences))]
    text = layout(rng, sentences)
    if rng.random() < 0.7:
        text += "\n\n" + signature(rng)
    return text


def generate_comments(count: int, *, seed: int = 2019, campaigns: int = 20, share: float = 0.3):
    """``count`` comments as (id, text, label); equal labels are the known duplicates."""
    rng = random.Random(seed)
    copies = round(count * share)
    weights = [rng.uniform(0.2, 1.8) for _ in range(campaigns)]
    sizes = [max(2, round(copies * w / sum(weights))) for w in weights]
    comments: list[tuple[str, str]] = []
    for number, size in enumerate(sizes):
        template = [sentence(rng) for _ in range(rng.randint(5, 20))]
        comments += [(campaign_copy(rng, template), f"campaign {number}") for _ in range(size)]
    stock = round(count * 0.03)
    for _ in range(stock):
        text = rng.choice(STOCK)
        comments.append((text, f"stock {text}"))
    for number in range(max(0, count - len(comments))):
        text = layout(rng, [sentence(rng) for _ in range(rng.randint(1, 40))])
        comments.append((text, f"single {number}"))
    comments = comments[:count]
    rng.shuffle(comments)
    return [(i, text, label) for i, (text, label) in enumerate(comments, start=1)]


def pair_scores(groups: list[list[int]], labels: dict[int, str]) -> tuple[float, float]:
    """Pairwise precision and recall of ``groups`` against the known labels."""
    true_pairs = sum(comb(n, 2) for n in Counter(labels.values()).values())
    found = sum(comb(len(g), 2) for g in groups)
    correct = sum(comb(n, 2) for g in groups for n in Counter(labels[i] for i in g).values())
    return (correct / found if found else 1.0), (correct / true_pairs if true_pairs else 1.0)


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    cores = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()  # noqa: S607
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{cores} cores, {cpu}, Python {platform.python_version()}, load average {load}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--no-record", action="store_true", help="do not append to bench/RESULTS.md")
    parser.add_argument("--smoke", action="store_true", help="2,000 comments, no record (bench/smoke.py)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.comments, args.no_record = 2_000, True

    comments = generate_comments(args.comments, seed=args.seed)
    labels = {i: label for i, _text, label in comments}
    words = sum(len(text.split()) for _i, text, _label in comments)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu_start = time.perf_counter(), time.process_time()
    groups = group_near_duplicates(((i, text) for i, text, _label in comments), threshold=args.threshold)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    precision, recall = pair_scores(groups, labels)

    rows = [
        ("comments", f"{len(comments):,}"),
        ("words", f"{words:,}"),
        ("threshold", f"{args.threshold}"),
        ("groups found", f"{len(groups):,} ({sum(map(len, groups)):,} comments)"),
        ("time", f"{seconds:.1f} s"),
        ("processor time (the machine may be shared)", f"{cpu:.1f} s"),
        ("peak memory (process)", f"{peak_mib:,.0f} MiB (before grouping {before / 1024:,.0f} MiB)"),
        ("pairwise precision", f"{precision:.4f}"),
        ("pairwise recall", f"{recall:.4f}"),
    ]
    table = "| measure | value |\n| --- | --- |\n" + "".join(f"| {k} | {v} |\n" for k, v in rows)
    print(table)
    if not args.no_record:
        results = Path(__file__).with_name("RESULTS.md")
        if not results.exists():
            results.write_text(
                "# Benchmark results\n\nAppended by the scripts in bench/; newest last.\n",
                encoding="utf-8",
            )
        when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        heading = f"\n## grouping, {when}\n\n`python -m bench.grouping --comments {args.comments}`"
        entry = f"{heading} on {machine()}, seed {args.seed}.\n\n{table}"
        with results.open("a", encoding="utf-8") as file:
            file.write(entry)


if __name__ == "__main__":
    main()
