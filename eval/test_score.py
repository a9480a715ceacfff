"""Tests of the scorer's figures on hand-made labels (python3 -m unittest discover eval)."""

import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "real"))

import score  # noqa: E402
import text  # noqa: E402


def labelled(event_of, translations=(), duplicates=(), queries=(), langs=None):
    langs = langs or {}
    articles = {a: score.Article(id=a, lang=langs.get(a, "en")) for a in event_of}
    return score.LabelledSet(
        "t",
        articles,
        dict(event_of),
        {score.pair(*p) for p in translations},
        {score.pair(*p) for p in duplicates},
        list(queries),
    )


def figures(rows):
    return {name: value for name, value, _ in rows}


class LinkFigures(unittest.TestCase):
    def setUp(self):
        # a, b, c: one article in three languages; d: another report of the event; e: alone.
        self.set = labelled(
            {"a": "e1", "b": "e1", "c": "e1", "d": "e1", "e": None},
            translations=[("a", "b"), ("a", "c"), ("b", "c")],
            langs={"a": "vi", "b": "fr", "c": "en", "d": "en", "e": "fr"},
        )

    def links(self, *links, stories=None):
        story = {"ids": stories or ["a", "b", "c", "d", "e"], "links": []}
        for a, b, relation in links:
            story["links"].append({"a": a, "b": b, "relation": relation})
        return figures(score.link_figures(self.set, [story], set(self.set.articles)))

    def test_a_chain_of_translation_links_closes_into_the_family(self):
        f = self.links(("a", "b", "translation"), ("b", "c", "translation"))
        self.assertEqual(f["links.translation.precision"], 1.0)
        self.assertEqual(f["links.translation.recall"], 1.0)

    def test_a_wrong_link_costs_precision_and_a_missing_one_recall(self):
        f = self.links(("a", "b", "translation"), ("c", "e", "translation"))
        # predicted pairs: a-b, c-e; gold: a-b, a-c, b-c
        self.assertAlmostEqual(f["links.translation.precision"], 0.5)
        self.assertAlmostEqual(f["links.translation.recall"], 1 / 3)
        self.assertAlmostEqual(f["links.translation.recall.en-vi"], 0.0)
        self.assertAlmostEqual(f["links.translation.recall.fr-vi"], 1.0)

    def test_same_event_links_are_not_translations(self):
        f = self.links(("a", "d", "same_event"))
        self.assertEqual(f["links.translation.precision"], 0.0)
        self.assertEqual(f["links.translation.recall"], 0.0)

    def test_story_grouping_counts_pairs(self):
        # gold group {a,b,c,d}: 6 pairs; predicted story of all five: 10 pairs.
        f = self.links()
        self.assertAlmostEqual(f["stories.precision"], 0.6)
        self.assertAlmostEqual(f["stories.recall"], 1.0)
        f = self.links(stories=["a", "b"])
        self.assertAlmostEqual(f["stories.precision"], 1.0)
        self.assertAlmostEqual(f["stories.recall"], 1 / 6)

    def test_a_translation_of_one_copy_is_a_translation_of_every_copy(self):
        s = labelled(
            {"fr1": "e", "fr2": "e", "en": "e"},
            translations=[("en", "fr1")],
            duplicates=[("fr1", "fr2")],
            langs={"fr1": "fr", "fr2": "fr", "en": "en"},
        )
        story = {"ids": ["fr1", "fr2", "en"], "links": [{"a": "en", "b": "fr2", "relation": "translation"}]}
        f = figures(score.link_figures(s, [story], set(s.articles)))
        self.assertEqual(f["links.translation.precision"], 1.0)
        self.assertEqual(f["links.translation.recall"], 0.5)
        self.assertEqual(f["links.duplicate.recall"], 0.0)

    def test_no_duplicates_labelled_or_found_gives_no_figure(self):
        self.assertNotIn("links.duplicate.recall", self.links())


class SearchFigures(unittest.TestCase):
    def test_recall_and_reciprocal_rank_per_language(self):
        s = labelled(
            {"a": "e1", "b": "e1", "c": None, "d": "e2"},
            queries=[
                {"id": "q1", "lang": "vi", "query": "one", "events": ["e1"]},
                {"id": "q2", "lang": "fr", "query": "two", "events": ["e2"]},
            ],
        )
        ranked = {"one": ["c", "a", "d"], "two": []}
        rows, detail = score.search_figures(s, s.queries, ranked.get, "search")
        f = figures(rows)
        self.assertAlmostEqual(f["search.recall@10.vi"], 0.5)
        self.assertAlmostEqual(f["search.mrr.vi"], 0.5)
        self.assertAlmostEqual(f["search.recall@10.fr"], 0.0)
        self.assertAlmostEqual(f["search.recall@10"], 0.25)
        self.assertEqual(len(detail), 2)

    def test_only_the_first_ten_count(self):
        s = labelled({"r": "e1", **{f"x{i}": None for i in range(10)}},
                     queries=[{"id": "q", "lang": "en", "query": "q", "events": ["e1"]}])
        ranked = [f"x{i}" for i in range(10)] + ["r"]
        rows, _ = score.search_figures(s, s.queries, lambda _: ranked, "search")
        self.assertEqual(figures(rows)["search.recall@10"], 0.0)


class Halves(unittest.TestCase):
    def test_a_gold_group_never_straddles_the_halves(self):
        s = labelled({f"a{i}": f"e{i % 7}" for i in range(60)} | {"solo": None})
        a, _ = score.restrict(s, "a")
        b, _ = score.restrict(s, "b")
        self.assertEqual(a | b, set(s.articles))
        self.assertFalse(a & b)
        for group in s.gold_groups().groups():
            self.assertTrue(set(group) <= a or set(group) <= b)


class Bm25(unittest.TestCase):
    def test_rare_words_decide(self):
        rank = score.bm25_ranker(
            {"1": "the storm hit the coast", "2": "the the the match", "3": "a typhoon storm", "4": "the end"}
        )
        self.assertEqual(rank("the storm")[:3], ["1", "3", "2"])
        self.assertEqual(rank("absent"), [])


class Text(unittest.TestCase):
    def test_import_keeps_only_the_labelled_text_and_prepare_adds_the_source_footer(self):
        page = "Headline\n\nBody of the page.\n"
        manifest = [
            {"id": "x1", "url": "https://example.org/a", "sha256": text.sha256(page)},
            {"id": "x2", "url": "https://example.org/b", "sha256": text.sha256("other")},
            {"id": "x3", "url": "http://example.org/c", "sha256": text.sha256("c")},
        ]
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            answers = tmp / "answers.jsonl"
            answers.write_text(
                '{"results": [{"url": "https://example.org/a", "excerpt": "Headline\\n\\nBody of the page.\\n"},'
                ' {"url": "https://example.org/b", "excerpt": "changed since"},'
                ' {"url": "http://www.example.org/c", "excerpt": "c"}]}\n',
                encoding="utf-8",
            )
            self.assertEqual(text.import_answers(manifest, tmp / "t", [answers]), 2)
            problems = text.check(manifest, tmp / "t")
            self.assertEqual(len(problems), 1)
            self.assertIn("x2: missing", problems[0])
            text.prepare(manifest[:1], tmp / "t", tmp / "in")
            self.assertEqual(
                (tmp / "in" / "x1.txt").read_text(encoding="utf-8"),
                "Headline\n\nBody of the page.\n\nSource: https://example.org/a\n",
            )


class StatedDates(unittest.TestCase):
    def test_a_month_matches_a_labelled_month_never_a_labelled_day(self):
        self.assertTrue(score.stated_date({"month": "2024-09"}).startswith("2024-09"))
        self.assertFalse(score.stated_date({"month": "2024-09"}).startswith("2024-09-03"))
        self.assertTrue(score.stated_date({"date": "2024-09-03"}).startswith("2024-09"))
        self.assertEqual(score.stated_date({"date": "2024-09-03", "month": "2024-08"}), "2024-09-03")
        self.assertEqual(score.stated_date({}), "")


if __name__ == "__main__":
    unittest.main()
