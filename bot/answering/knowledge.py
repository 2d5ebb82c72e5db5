"""The curated knowledge base: YAML files in knowledge/, loaded into pydantic models and checked at load."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from bot.answering.lexicon import Lexicon
from bot.answering.models import MAX_TEXT, Line, Run, SourceRef
from bot.answering.text import key
from bot.errors import KnowledgeError

FILES = {
    "sources": "sources.yaml",
    "companies": "companies.yaml",
    "facts": "facts.yaml",
    "others": "other_companies.yaml",
    "lexicon": "lexicon.yaml",
}
LANGUAGES = ("de", "fr", "es", "pt", "it")  # curated questions in these languages (facts.yaml, questions_in)
Language = Literal["de", "fr", "es", "pt", "it"]
Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[^A-Z\s]+$")]
Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[^A-Z]+$")]
OPTIONAL = {"others"}
MAX_REF_TUPLES = 256  # combinations of source ids whose citations are kept
M = TypeVar("M", bound=BaseModel)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Entry(BaseModel):
    """Base for knowledge entries: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


BULLET = "• "
BACKGROUND = "Background, not from the sources:"  # a line of its own, marked as such


class Source(_Entry):
    """An article the bot answers from."""

    id: Id
    publisher: Text | None
    author: Text | None
    title: Text
    date: dt.date
    label: Text = Field(description="what a sentence's mark calls it, in an answer that mixes sources")
    note: Text | None = None

    def ref(self) -> SourceRef:
        """The citation form that answers carry."""
        return SourceRef(
            id=self.id, publisher=self.publisher, author=self.author, title=self.title, date=self.date
        )


class SourcesFile(_Entry):
    """sources.yaml: the as-of date and the articles."""

    as_of: dt.date
    sources: list[Source]


class BackgroundNames(_Entry):
    """Names from beyond the sources, with their basis: another name of the company itself (a later or
    earlier name: relation "same"), or a subsidiary, brand or product that is a company of its own ("part")."""

    names: list[Text]
    basis: Text
    relation: Literal["same", "part"] = "same"


class Profile(_Entry):
    """Background, not from the sources: where a company is based and the sectors it works in."""

    country: Text
    sectors: list[Id] = []


class Company(_Entry):
    """A company the sources name: a founding signatory, or one named as not signing."""

    id: Id
    name: Text
    status: Literal["signed", "declined"]
    aliases: list[Text] = []
    sources: list[Id]
    background: list[BackgroundNames] = []
    profile: Profile | None = None

    @property
    def signed(self) -> bool:
        """Whether the company is a founding signatory."""
        return self.status == "signed"


class CompaniesFile(_Entry):
    """companies.yaml."""

    companies: list[Company]


class OtherCompany(_Entry):
    """A company that is not among the founding signatories, known by name so it is never confused with one."""

    name: Text
    aliases: list[Text] = []
    note: Text | None = None


class OthersFile(_Entry):
    """other_companies.yaml."""

    others: list[OtherCompany]


class Claim(_Entry):
    """One statement of a fact's answer: the sources that say it, each with key words its text contains, or,
    for background from beyond the sources, the basis it rests on."""

    text: Text
    evidence: dict[Id, list[Text]] = Field(
        default={},
        description="source id: words or short phrases of that source's text that support the claim",
    )
    basis: Text | None = Field(default=None, description="background only: what the claim rests on")

    @property
    def sources(self) -> list[str]:
        """The ids of the sources that say this claim."""
        return list(self.evidence)


class Fact(_Entry):
    """A fact about the accord: the claims its answer is made of, and the questions it answers."""

    id: Id
    topic: Text
    claims: list[Claim]
    questions: list[Text]
    keywords: list[Text] = []
    needs: list[Text] = Field(
        default=[], description="words of which an English question must hold one (a fact about the sources)"
    )
    about_later: bool = Field(
        default=False, description="answers questions about times after the sources (what they cannot tell)"
    )
    questions_in: dict[Language, list[Text]] = {}

    @property
    def answer(self) -> str:
        """The claims as one text, in the files' light markup (a claim starting a bullet or background starts a line)."""
        out = ""
        for claim in self.claims:
            text = claim.text.strip()
            if out:
                out += "\n" if text.startswith((BULLET, BACKGROUND)) or "\n" in text else " "
            out += text
        return out

    @property
    def sources(self) -> list[str]:
        """The ids of every source its claims cite, in order, each once."""
        return list(dict.fromkeys(sid for claim in self.claims for sid in claim.sources))


class LexiconFile(_Entry):
    """lexicon.yaml: synonyms, phrases, typos, filler, greetings and other languages' stop words (lower case)."""

    synonyms: dict[Id, list[Word]]
    synonyms_in: dict[Language, dict[Id, list[Word]]] = {}
    phrases: dict[Words, Words] = {}
    typos: dict[Word, Words] = {}
    filler: list[Word] = []
    greetings: list[Words] = []
    stopwords: dict[Language, list[Word]] = {}
    sectors: dict[Id, list[Word]] = {}
    places: dict[Word, list[Text]] = {}

    def compile(self) -> Lexicon:
        """The lexicon the matcher uses."""
        return Lexicon(
            synonyms=self.synonyms,
            foreign={str(lang): by for lang, by in self.synonyms_in.items()},
            phrases=self.phrases,
            typos=self.typos,
            filler=self.filler,
            greetings=self.greetings,
            stopwords={str(lang): words for lang, words in self.stopwords.items()},
            sectors=self.sectors,
            places=self.places,
        )


class FactsFile(_Entry):
    """facts.yaml."""

    facts: list[Fact]


@dataclass(frozen=True)
class KnowledgeBase:
    """The validated knowledge: sources, companies, other companies and facts (answers filled in)."""

    directory: Path
    as_of: dt.date
    sources: dict[str, Source]
    companies: tuple[Company, ...]
    others: tuple[OtherCompany, ...]
    facts: tuple[Fact, ...]
    fact_by_id: dict[str, Fact] = field(repr=False)
    fact_lines: dict[str, tuple[Line, ...]] = field(repr=False, default_factory=dict)
    lexicon: Lexicon = field(repr=False, default_factory=lambda: LexiconFile(synonyms={}).compile())

    @cached_property
    def as_of_text(self) -> str:
        """The as-of date as answers write it ("17 April 2018")."""
        return day_text(self.as_of)

    @cached_property
    def signatories(self) -> tuple[Company, ...]:
        """The founding signatories, in file order."""
        return tuple(c for c in self.companies if c.signed)

    @cached_property
    def declined(self) -> tuple[Company, ...]:
        """The companies named as not signing."""
        return tuple(c for c in self.companies if not c.signed)

    @cached_property
    def _refs(self) -> dict[str, SourceRef]:
        return {i: s.ref() for i, s in self.sources.items()}

    @cached_property
    def _ref_tuples(self) -> dict[tuple[str, ...], tuple[SourceRef, ...]]:
        return {}  # answers cite the same few combinations of sources over and over

    def refs(self, ids: Iterable[str]) -> tuple[SourceRef, ...]:
        """Citations for source ids, without repeats, in the given order."""
        asked = tuple(ids)
        found = self._ref_tuples.get(asked)
        if found is None:
            found = tuple(self._refs[i] for i in dict.fromkeys(asked))
            if len(self._ref_tuples) < MAX_REF_TUPLES:
                self._ref_tuples[asked] = found
        return found

    def summary(self) -> str:
        """Counts and the as-of date, one line."""
        return (
            f"{len(self.sources)} sources, {len(self.signatories)} signatories, {len(self.declined)} named as "
            f"not signing, {len(self.others)} other companies, {len(self.facts)} facts; as of {self.as_of}"
        )


def day_text(day: dt.date) -> str:
    """A date as answers write it ("17 April 2018")."""
    return f"{day.day} {day:%B %Y}"


def default_dir() -> Path:
    """The knowledge directory shipped beside the package (settings may name another: ACCORD_KNOWLEDGE_DIR)."""
    return Path(__file__).resolve().parents[2] / "knowledge"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, with dates left as text for pydantic to check: PyYAML itself raises on 2018-04-31."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
_TEXTS: dict[Path, str] = {}  # the text of each file read, for the line numbers of problems


def _read_yaml(path: Path, problems: list[str]) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{path.name}: file not found in {path.parent}")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        problems.append(f"{path.name}: cannot read: {reason}")
        return None
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problems.append(f"{path.name}{where}: not valid YAML: {getattr(exc, 'problem', exc)}")
        return None
    if not isinstance(data, dict):
        problems.append(f"{path.name}: expected a mapping at the top level, found {type(data).__name__}")
        return None
    _TEXTS[path] = text
    return data


def _line(path: Path, loc: tuple[int | str, ...]) -> int | None:
    """The line (1-based) of the YAML node at a pydantic error's location, as near as the file allows."""
    text = _TEXTS.get(path)
    if text is None:
        return None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _entry_label(data: dict[str, Any], loc: tuple[int | str, ...]) -> str:
    """'companies[3] (id hp)' for a pydantic error location."""
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        items = data.get(loc[0])
        label = f"{loc[0]}[{loc[1]}]"
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            ident = items[loc[1]].get("id") or items[loc[1]].get("name")
            if ident:
                label += f" ({ident})"
        rest = ".".join(str(p) for p in loc[2:])
        return f"{label}: {rest or 'entry'}"
    return ".".join(str(p) for p in loc) or "top level"


def _parse(model: type[M], path: Path, data: dict[str, Any], problems: list[str]) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            line = _line(path, err["loc"])
            where = f"{path.name}:{line}" if line else path.name
            problems.append(f"{where}: {_entry_label(data, err['loc'])}: {err['msg']}")
        return None


def _entry_line(path: Path, part: str, ident: str, field_name: str) -> int | None:
    """The line of one entry's field, the entry found by its id."""
    text = _TEXTS.get(path)
    data = yaml.load(text, Loader=_Loader) if text else None  # noqa: S506 - a safe loader
    items = data.get(part) if isinstance(data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and item.get("id") == ident:
            return _line(path, (part, i, field_name))
    return None


def _salvage(model: type[M], data: dict[str, Any] | None, field_name: str) -> list[M]:
    """The entries of a list that validate on their own (the file's problems are already listed)."""
    items = data.get(field_name) if isinstance(data, dict) else None
    good = []
    for item in items if isinstance(items, list) else []:
        try:
            good.append(model.model_validate(item))
        except ValidationError:
            continue
    return good


def _duplicates(fname: str, what: str, ids: Iterable[str], problems: list[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            problems.append(f"{fname}: duplicate {what} id '{i}'")
        seen.add(i)


def _check_names(companies: list[Company], others: list[OtherCompany], problems: list[str]) -> None:
    """Every name and alias must belong to one company only, compared as matching keys."""
    owner: dict[str, str] = {}
    entries: list[tuple[str, str, list[str]]] = []
    for c in companies:
        names = [c.name, *c.aliases, *(n for b in c.background for n in b.names)]
        entries.append((FILES["companies"], f"companies ({c.id})", names))
    for o in others:
        entries.append((FILES["others"], f"others ({o.name})", [o.name, *o.aliases]))
    for fname, label, names in entries:
        for name in names:
            k = key(name)
            if not k:
                problems.append(f"{fname}: {label}: name '{name}' has no letters or digits")
                continue
            if k in owner and owner[k] != label:
                problems.append(f"{fname}: {label}: name '{name}' is also claimed by {owner[k]}")
            owner.setdefault(k, label)


def _check_lexicon(lexicon: LexiconFile, problems: list[str]) -> None:
    """A word means one concept: listed under two, it would silently take the first."""
    owner: dict[str, str] = {}
    for concept, words in lexicon.synonyms.items():
        for w in words:
            if owner.get(w, concept) != concept:
                problems.append(
                    f"{FILES['lexicon']}: synonyms ({concept}): word '{w}' is also under {owner[w]}"
                )
            owner.setdefault(w, concept)


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_STRONG = re.compile(r"\*([^*\n]+)\*")


def parse_markup(text: str) -> tuple[Line, ...]:
    """An answer as the knowledge files write it, as lines: one a line of text ("• " starts a bullet, "Background,
    not from the sources:" a background line), and *stars* around what stands out. This is the files' own light
    format, read once at load."""
    lines = []
    for each in text.split("\n"):
        stripped = each.strip()
        if not stripped:
            continue
        style = (
            "bullet"
            if stripped.startswith(BULLET)
            else "background"
            if stripped.startswith(BACKGROUND)
            else "text"
        )
        raw = stripped.removeprefix(BULLET)
        runs = []
        pos = 0
        for m in _STRONG.finditer(raw):
            if m.start() > pos:
                runs.append(Run(text=raw[pos : m.start()]))
            runs.append(Run(text=m.group(1), strong=True))
            pos = m.end()
        if pos < len(raw):
            runs.append(Run(text=raw[pos:]))
        lines.append(Line(runs=tuple(runs), style=style))
    return tuple(lines)


def join_names(names: list[str], empty: str = "none") -> str:
    """Names as a sentence lists them: "A", "A and B", "A, B and C" (`empty` for none)."""
    if not names:
        return empty
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _fill(fact: Fact, values: dict[str, str], problems: list[str]) -> Fact:
    def sub(m: re.Match[str]) -> str:
        if m.group(1) not in values:
            problems.append(
                f"{FILES['facts']}: facts ({fact.id}): claims: unknown placeholder {{{m.group(1)}}}"
            )
            return m.group(0)
        return values[m.group(1)]

    claims = [c.model_copy(update={"text": _PLACEHOLDER.sub(sub, c.text)}) for c in fact.claims]
    filled = fact.model_copy(update={"claims": claims})
    if len(filled.answer) > MAX_TEXT:
        problems.append(
            f"{FILES['facts']}: facts ({fact.id}): answer: {len(filled.answer)} characters, over {MAX_TEXT}"
        )
    return filled


def _claim_problems(fact: Fact) -> list[str]:
    """What is wrong with a fact's claims: each cites a source (background instead states its basis)."""
    out = []
    for i, claim in enumerate(fact.claims):
        background = claim.text.strip().startswith(BACKGROUND)
        where = f"{FILES['facts']}: facts ({fact.id}): claims[{i}]"
        if background and (claim.evidence or not claim.basis):
            out.append(f"{where}: a background claim cites no source and states its basis")
        elif not background and not claim.evidence:
            out.append(f"{where}: evidence: a claim needs at least one source that says it")
        out.extend(
            f"{where}: evidence ({sid}): give the words of that source that support the claim"
            for sid, words in claim.evidence.items()
            if not words
        )
    if not fact.claims:
        out.append(f"{FILES['facts']}: facts ({fact.id}): claims: at least one claim is required")
    return out


def fact_lines(fact: Fact, sources: dict[str, Source]) -> tuple[Line, ...]:
    """A fact's answer as lines. Where its claims cite different sources, each claim that not every one of
    them says ends with a quiet mark naming its sources, unless its text already names them."""
    cited = set(fact.sources)
    mixed = any(set(c.sources) != cited for c in fact.claims if c.sources)
    lines: list[Line] = []
    for claim in fact.claims:
        own = parse_markup(claim.text)
        if not own:
            continue
        labels = [sources[sid].label for sid in claim.sources if sid in sources]
        if mixed and labels and set(claim.sources) != cited and not any(lb in claim.text for lb in labels):
            own = (*own[:-1], _marked(own[-1], " and ".join(labels)))
        first = own[0]
        if lines and first.style == "text" and lines[-1].style == "text" and "\n" not in claim.text:
            prev = lines.pop()
            first = Line(runs=(*prev.runs, Run(text=" "), *first.runs), style="text")
        lines.extend((first, *own[1:]))
    return tuple(lines)


def _marked(last: Line, labels: str) -> Line:
    """A claim's last line with a quiet mark of its sources before the sentence's stop: "... researchers
    (Reuters)."."""
    end = last.runs[-1]
    body = end.text.rstrip(".;,:")
    stop = end.text[len(body) :]
    runs = (*last.runs[:-1], end.model_copy(update={"text": body}), Run(text=f" ({labels})", quiet=True))
    return Line(runs=(*runs, Run(text=stop)) if stop else runs, style=last.style)


def _values(sources: list[Source], companies: list[Company], as_of: dt.date) -> dict[str, str]:
    """What the answers' placeholders stand for."""
    values = {
        "signed_count": str(sum(c.signed for c in companies)),
        "signed_list": join_names(sorted((c.name for c in companies if c.signed), key=key)),
        "declined_list": join_names([c.name for c in companies if not c.signed]),
        "source_list": "; ".join(s.ref().citation() for s in sources),
        "as_of": day_text(as_of),
    }
    for (
        source
    ) in sources:  # {named_by_reuters}, {named_count_pledge_report}: the signatories each source names
        named = sorted((c.name for c in companies if c.signed and source.id in c.sources), key=key)
        suffix = source.id.replace("-", "_")
        values[f"named_by_{suffix}"] = join_names(named)
        values[f"named_count_{suffix}"] = str(len(named))
    return values


def load(directory: Path | str | None = None) -> KnowledgeBase:
    """Load and validate the knowledge directory; raise KnowledgeError listing every problem."""
    root = Path(directory) if directory is not None else default_dir()
    problems: list[str] = []
    if not root.is_dir():
        raise KnowledgeError([f"{root}: knowledge directory not found"])
    if not os.access(root, os.R_OK | os.X_OK):
        raise KnowledgeError([f"{root}: knowledge directory cannot be read (permission denied)"])
    raw: dict[str, dict[str, Any] | None] = {}
    for part, fname in FILES.items():
        path = root / fname
        if part in OPTIONAL and not path.exists():
            raw[part] = {part: []}
            continue
        raw[part] = _read_yaml(path, problems)
    parsed_sources = raw["sources"] and _parse(SourcesFile, root / FILES["sources"], raw["sources"], problems)
    parsed_companies = raw["companies"] and _parse(
        CompaniesFile, root / FILES["companies"], raw["companies"], problems
    )
    parsed_facts = raw["facts"] and _parse(FactsFile, root / FILES["facts"], raw["facts"], problems)
    parsed_others = raw["others"] and _parse(OthersFile, root / FILES["others"], raw["others"], problems)
    parsed_lexicon = raw["lexicon"] and _parse(LexiconFile, root / FILES["lexicon"], raw["lexicon"], problems)
    complete = parsed_sources and parsed_companies and parsed_facts and parsed_others and parsed_lexicon
    # A file with problems still lends its good entries to the checks across files, so that one run lists
    # every problem (an unknown source id in facts.yaml is found even when sources.yaml has a bad date).
    sources = parsed_sources.sources if parsed_sources else _salvage(Source, raw["sources"], "sources")
    companies = (
        parsed_companies.companies if parsed_companies else _salvage(Company, raw["companies"], "companies")
    )
    facts = parsed_facts.facts if parsed_facts else _salvage(Fact, raw["facts"], "facts")
    others = parsed_others.others if parsed_others else _salvage(OtherCompany, raw["others"], "others")
    _duplicates(FILES["sources"], "source", (s.id for s in sources), problems)
    _duplicates(FILES["companies"], "company", (c.id for c in companies), problems)
    _duplicates(FILES["facts"], "fact", (f.id for f in facts), problems)
    by_id = {s.id: s for s in sources}
    for fname, part, label, refs, field_name in [
        *((FILES["companies"], "companies", f"companies ({c.id})", c.sources, "sources") for c in companies),
        *((FILES["facts"], "facts", f"facts ({f.id})", f.sources, "claims") for f in facts),
    ]:
        unknown = [r for r in refs if r not in by_id]
        if not refs or unknown:
            line = _entry_line(root / fname, part, label.split("(", 1)[1].rstrip(")"), field_name)
            where = f"{fname}:{line}" if line else fname
            if not refs:
                problems.append(f"{where}: {label}: {field_name}: at least one source is required")
            problems.extend(f"{where}: {label}: {field_name}: unknown source id '{r}'" for r in unknown)
    _check_names(companies, others, problems)
    if parsed_lexicon:
        _check_lexicon(parsed_lexicon, problems)
    if not complete:
        raise KnowledgeError(problems)
    assert parsed_sources and parsed_others and parsed_lexicon
    for f in facts:
        problems.extend(_claim_problems(f))
        if not f.questions:
            problems.append(f"{FILES['facts']}: facts ({f.id}): questions: at least one question is required")
    if not any(c.signed for c in companies):
        problems.append(f"{FILES['companies']}: no company has status 'signed'")

    as_of = parsed_sources.as_of
    values = _values(sources, companies, as_of)
    facts = [_fill(f, values, problems) for f in facts]
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(
        directory=root,
        as_of=as_of,
        sources=by_id,
        companies=tuple(companies),
        others=tuple(others),
        facts=tuple(facts),
        fact_by_id={f.id: f for f in facts},
        fact_lines={f.id: fact_lines(f, by_id) for f in facts},
        lexicon=parsed_lexicon.compile(),
    )
