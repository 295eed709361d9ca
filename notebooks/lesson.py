"""The lesson source format: one text file per lesson, both languages side by side (see notebooks/README.md).

    lesson: 004
    es: es/004_normalizacion.ipynb          one notebook per language, relative to notebooks/
    en: en/004_normalisation.ipynb
    code: es                                the language shared code cells are written in
    names: modelo = model, salida = output  identifiers renamed in the other language (es = en)
    expect: Total params: 86,610            text a quick run's outputs must contain (tests)

    -- markdown ------------------------     a cell: kind, then an optional name and nbgrader flags
    [es]
    # Normalización de la entrada
    [en]
    # Input normalisation

    -- code load-data ------------------     code written once, in the `code:` language
    Mnist mnist = quick() ? Mnist.sample() : Mnist.load();

    -- code ----------------------------     variants where comments or printed text differ
    [es]
    System.out.println("valores de " + min);
    [en]
    System.out.println("values from " + min);

Parsing checks what a teacher can get wrong: variants of a code cell must be the same Java up to comments,
string-literal contents and the lesson's consistent renaming of identifiers; English code must not speak Spanish;
shared code must not hold prose; nbgrader flags must make one of nbgrader's cell types and markers must be on
lines of their own. Every error names the file and line."""
import hashlib
import os
import re
from dataclasses import dataclass, field

LANGUAGES = ("es", "en")
KINDS = ("markdown", "code")
# nbgrader's cell types (schema 3) as the flags a cell header carries; points go with grade and task
NBGRADER_TYPES = {
    frozenset({"solution"}): "autograded answer",
    frozenset({"grade", "locked"}): "autograder tests",
    frozenset({"solution", "grade"}): "manually graded answer",
    frozenset({"task", "locked"}): "manually graded task",
    frozenset({"locked"}): "read-only",
}
FLAGS = {"solution", "grade", "locked", "task", "homework"}
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")

CELL_HEADER = re.compile(r"^-- (markdown|code)\b(.*?)[ -]*$")
LANGUAGE_TAG = re.compile(r"^\[([a-z]{2})\]$")
HEADER_LINE = re.compile(r"^([a-z]+):\s*(.*)$")
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")


class LessonError(Exception):
    """A mistake in a lesson file, with the file and line it is on."""

    def __init__(self, path, line, message, bare=False):
        super().__init__(message if bare else f"{os.path.relpath(path)}:{line}: {message}")
        self.line = line


@dataclass
class Cell:
    kind: str
    line: int                       # where its header is, for messages
    name: str = None                # teacher's name: the cell id and nbgrader's grade_id
    flags: frozenset = frozenset()
    points: float = None
    shared: str = None              # text written once (code in the lesson's `code:` language)
    variants: dict = field(default_factory=dict)   # language -> text

    def text(self, language, lesson):
        """This cell's source in one language."""
        if self.variants:
            return self.variants[language]
        if self.kind == "code" and language != lesson.code_language:
            return rename(self.shared, lesson.renaming_to(language))
        return self.shared

    def nbgrader(self):
        if not self.flags - {"homework"}:
            return None
        metadata = {"schema_version": 3, "grade_id": self.name,
                    "solution": "solution" in self.flags, "grade": "grade" in self.flags,
                    "locked": "locked" in self.flags, "task": "task" in self.flags}
        if self.points is not None:
            metadata["points"] = self.points
        return metadata

    def digest(self):
        """Hash of everything the cell says, in every language, but nbgrader's markers: lesson notebooks take their
        cell ids from it, so marking a region of a lesson's cell as a solution does not change its lesson notebook."""
        parts = [self.kind, without_markers(self.shared or "")] + [f"{k}\0{without_markers(v)}"
                                                                    for k, v in sorted(self.variants.items())]
        return hashlib.sha1("\0".join(parts).encode()).hexdigest()[:10]


@dataclass
class Lesson:
    path: str
    number: str = None
    notebooks: dict = field(default_factory=dict)   # language -> path relative to notebooks/
    code_language: str = "es"
    names: dict = field(default_factory=dict)       # code-language identifier -> other-language identifier
    expect: list = field(default_factory=list)
    cells: list = field(default_factory=list)

    def renaming_to(self, language):
        return {} if language == self.code_language else self.names

    def cell_ids(self, names=True):
        """One id per cell: its name (with `names`: homework notebooks), or its kind and content hash (-2, -3... for
        repeated cells)."""
        ids, seen = [], {}
        for cell in self.cells:
            base = (names and cell.name) or f"{'md' if cell.kind == 'markdown' else 'code'}-{cell.digest()}"
            seen[base] = seen.get(base, 0) + 1
            ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
        return ids


def parse(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    lesson = Lesson(path)
    cell, language, body = None, None, []

    def close_block():
        text = "\n".join(body).strip("\n")
        if cell is None:
            return
        if language is None:
            if text:
                cell.shared = text
        else:
            cell.variants[language] = text

    for number, line in enumerate(lines, 1):
        header = CELL_HEADER.match(line)
        tag = LANGUAGE_TAG.match(line.strip()) if cell is not None else None
        if header:
            close_block()
            if cell is not None:
                finish(lesson, cell)
            cell = parse_cell_header(path, number, header.group(1), header.group(2).split())
            lesson.cells.append(cell)
            language, body = None, []
        elif tag and tag.group(1) in lesson.notebooks:
            close_block()
            if tag.group(1) in cell.variants:
                raise LessonError(path, number, f"[{tag.group(1)}] appears twice in this cell")
            if language is None and "\n".join(body).strip():
                raise LessonError(path, number, "text before the first [language] tag: give every language its "
                                                "own section, or none")
            language, body = tag.group(1), []
        elif cell is None:
            parse_header_line(lesson, number, line)
        else:
            body.append(line)
    close_block()
    if cell is not None:
        finish(lesson, cell)
    if not lesson.cells:
        raise LessonError(path, len(lines), "no cells: a cell starts with a line '-- markdown' or '-- code'")
    check_lesson(lesson)
    return lesson


def parse_header_line(lesson, number, line):
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return
    match = HEADER_LINE.match(stripped)
    if not match:
        raise LessonError(lesson.path, number, f"not a 'key: value' line before the first cell: {line!r}")
    key, value = match.groups()
    if key == "lesson":
        lesson.number = value
    elif key in LANGUAGES:
        lesson.notebooks[key] = value
    elif key == "code":
        if value not in LANGUAGES:
            raise LessonError(lesson.path, number, f"code: takes one of {', '.join(LANGUAGES)}")
        lesson.code_language = value
    elif key == "names":
        for pair in filter(None, (p.strip() for p in value.split(","))):
            parts = [p.strip() for p in pair.split("=")]
            if len(parts) != 2 or not all(re.fullmatch(r"[^\W\d]\w*", p) for p in parts):
                raise LessonError(lesson.path, number, f"names: takes pairs 'name = other', not {pair!r}")
            lesson.names[parts[0]] = parts[1]
    elif key == "expect":
        lesson.expect.append(value)
    elif key != "seed":
        raise LessonError(lesson.path, number, f"unknown key {key!r} (lesson, seed, es, en, code, names, expect)")


def parse_cell_header(path, number, kind, words):
    cell = Cell(kind, number)
    flags = set()
    for word in words:
        if word.startswith("points="):
            try:
                cell.points = float(word[len("points="):])
            except ValueError:
                raise LessonError(path, number, f"points= takes a number, not {word!r}") from None
            if cell.points.is_integer():
                cell.points = int(cell.points)
        elif word in FLAGS:
            flags.add(word)
        elif cell.name is None and NAME.match(word):
            cell.name = word
        else:
            raise LessonError(path, number, f"{word!r} is neither a cell name (letters, digits, - and _; first) nor "
                                            f"a flag ({', '.join(sorted(FLAGS))}, points=N)")
    cell.flags = frozenset(flags)
    graded = flags - {"homework"}
    if graded:
        if frozenset(graded) not in NBGRADER_TYPES:
            kinds = "; ".join(f"{' '.join(sorted(f))}: {t}" for f, t in NBGRADER_TYPES.items())
            raise LessonError(path, number, f"flags {' '.join(sorted(graded))} are not an nbgrader cell type ({kinds})")
        if cell.name is None:
            raise LessonError(path, number, "an nbgrader cell needs a name (its grade_id): '-- code NAME solution'")
        if ("grade" in flags or "task" in flags) != (cell.points is not None):
            raise LessonError(path, number, "points=N goes with grade and task cells, and only with them")
        if "task" in flags and kind != "markdown":
            raise LessonError(path, number, "a task is a markdown cell")
    elif cell.points is not None:
        raise LessonError(path, number, "points=N goes with grade and task cells, and only with them")
    return cell


def finish(lesson, cell):
    if cell.variants:
        missing = [language for language in lesson.notebooks if language not in cell.variants]
        if missing:
            raise LessonError(lesson.path, cell.line, f"this cell has no [{missing[0]}] section")
        if cell.shared is not None:
            raise LessonError(lesson.path, cell.line, "text outside [language] sections")
    elif cell.shared is None:
        raise LessonError(lesson.path, cell.line, "an empty cell")


def check_lesson(lesson):
    path = lesson.path
    if lesson.number is None or set(lesson.notebooks) != set(LANGUAGES):
        raise LessonError(path, 1, "the header needs lesson:, es: and en: (the notebooks' paths under notebooks/)")
    ids = {}
    for cell in lesson.cells:
        if cell.name in ids:
            raise LessonError(path, cell.line, f"the name {cell.name!r} is used twice (also on line {ids[cell.name]})")
        if cell.name:
            ids[cell.name] = cell.line
    try:
        renaming = Renaming(lesson)
    except CodeError as e:
        raise LessonError(path, 1, str(e)) from None
    errors = []
    for cell in lesson.cells:
        if cell.kind != "code":
            continue
        try:
            check_markers(cell, lesson)
            if cell.variants:
                renaming.check_variants(cell)
            else:
                renaming.check_shared(cell)
            for language in LANGUAGES:
                if language != "es":
                    check_no_spanish(cell.text(language, lesson), language)
        except CodeError as e:
            errors.append(LessonError(path, cell.line, str(e)))
    if errors:
        raise LessonError(path, errors[0].line, "\n".join(str(e) for e in errors), bare=True)


class CodeError(Exception):
    pass


# ------------------------------------------------------------------------------------------------------------------
# Java tokens, enough to compare two variants of a cell (JShell snippets are Java statements and declarations)
# ------------------------------------------------------------------------------------------------------------------

JAVA_KEYWORDS = set("""abstract assert boolean break byte case catch char class const continue default do double else
enum extends final finally float for goto if implements import instanceof int interface long native new package
private protected public return short static strictfp super switch synchronized this throw throws transient try void
volatile while var record yield sealed permits true false null""".split())
TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<text>\"\"\"(?:\\.|[^\\])*?\"\"\")
  | (?P<string>"(?:\\.|[^"\\\n])*")
  | (?P<char>'(?:\\.|[^'\\\n])+')
  | (?P<number>0[xXbB][0-9a-fA-F_]+[lL]?|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?[fFdDlL]?)
  | (?P<word>[^\W\d]\w*|\$\w*)
  | (?P<op>>>>=|<<=|>>=|>>>|\.\.\.|->|::|\+\+|--|&&|\|\||[=!<>+\-*/%&|^]=|<<|[^\s\w"'])
""", re.VERBOSE | re.DOTALL)


@dataclass
class Token:
    kind: str        # comment, text, string, char, number, word, op
    text: str
    start: int
    end: int


def tokens(source):
    out, at = [], 0
    while at < len(source):
        match = TOKEN.match(source, at)
        if not match:
            raise CodeError(f"cannot read the Java at {source[at:at + 20]!r} (an unclosed string or comment?)")
        if match.lastgroup != "space":
            out.append(Token(match.lastgroup, match.group(), match.start(), match.end()))
        at = match.end()
    return out


def is_identifier(token):
    return token.kind == "word" and token.text not in JAVA_KEYWORDS


def rename(source, names):
    """The source with every identifier in `names` replaced (never inside strings or comments)."""
    if not names:
        return source
    pieces, at = [], 0
    for token in tokens(source):
        if is_identifier(token) and token.text in names:
            pieces.append(source[at:token.start])
            pieces.append(names[token.text])
            at = token.end
    pieces.append(source[at:])
    return "".join(pieces)


class Renaming:
    """The lesson's identifier renaming from the code language to the other, built up cell by cell: it must stay
    one-to-one, and agree with the header's names: and with the code written once."""

    def __init__(self, lesson):
        self.lesson = lesson
        self.source = lesson.code_language
        self.target = next(language for language in LANGUAGES if language != self.source)
        self.forward = dict(lesson.names)
        self.backward = {}
        for a, b in lesson.names.items():
            if b in self.backward:
                raise CodeError(f"names: {self.backward[b]} and {a} are both renamed {b}")
            self.backward[b] = a

    def pair(self, a, b):
        if self.forward.setdefault(a, b) != b:
            raise CodeError(f"`{a}` is `{self.forward[a]}` in [{self.target}] elsewhere in the lesson, `{b}` here")
        if self.backward.setdefault(b, a) != a:
            raise CodeError(f"`{b}` in [{self.target}] stands for `{self.backward[b]}` elsewhere in the lesson, "
                            f"`{a}` here")

    def check_shared(self, cell):
        for token in tokens(cell.shared):
            if is_identifier(token):
                self.pair(token.text, self.forward.get(token.text, token.text))
            elif token.kind in ("comment", "string", "text") and is_prose(token):
                raise CodeError(f"{token.text[:40]!r} is words in one language in code written once: give the cell "
                                f"[es] and [en] sections")

    def check_variants(self, cell):
        """Equal token streams up to comments, string contents and the renaming."""
        first = [t for t in tokens(cell.variants[self.source]) if t.kind != "comment"]
        second = [t for t in tokens(cell.variants[self.target]) if t.kind != "comment"]
        for a, b in zip(first, second):
            if is_identifier(a) and is_identifier(b):
                self.pair(a.text, b.text)
            elif a.kind != b.kind or (a.kind not in ("string", "text", "char") and a.text != b.text):
                raise CodeError(f"[{self.source}] and [{self.target}] differ in more than comments, printed text "
                                f"and names: `{a.text}` against `{b.text}`")
        if len(first) != len(second):
            longer, language = (first, self.source) if len(first) > len(second) else (second, self.target)
            raise CodeError(f"[{language}] has more code than the other language, from "
                            f"`{longer[min(len(first), len(second))].text}`")


def is_prose(token):
    """A comment or string that says something in a human language: two plain words or more (code mentioned in a
    comment, like theano.tensor.vector(), is not a word)."""
    if token.kind == "comment":
        body = token.text.lstrip("/*").rstrip("*/")
        if any(marker in body for marker in MARKERS):
            return False
        words = [w for w in body.split() if re.fullmatch(r"[^\W\d_]{2,}[,.;:!?]?", w)]
        return len(words) >= 2
    return re.search(r"[^\W\d_]{2,}\s+[^\W\d_]{2,}", token.text.strip('"')) is not None


# Words that give Spanish away in English code: function words in comments and strings, the rest anywhere
# (identifiers are split at _ and camelCase; Math.sin is not Spanish)
SPANISH_FUNCTION_WORDS = set("de del la las el los con sin para por una uno que".split())
SPANISH_WORDS = set("""valores modelo modelos salida historia historias prueba pruebas entrenamiento exactitud época
épocas epoca epocas pérdida perdida capa capas datos paso pasos precisión precision costo resultados resultado
iteraciones primeros digito dígito imagen imágenes pesos sesgos tasa aprendizaje funcion función ejercicio
descenso optimizador optimizadores experimentos""".split())


def check_no_spanish(source, language):
    for token in tokens(source):
        if token.kind in ("word", "comment", "string", "text"):
            text = token.text
            if token.kind == "word":
                text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text).replace("_", " ")
            if re.search("[áéíóúñ¿¡]", text, re.IGNORECASE):
                raise CodeError(f"[{language}] code speaks Spanish: {token.text[:40]!r}")
            for word in re.findall(r"[^\W\d_]+", text.lower()):
                if word in SPANISH_WORDS or (token.kind != "word" and word in SPANISH_FUNCTION_WORDS):
                    raise CodeError(f"[{language}] code speaks Spanish: {word!r} in {token.text[:40]!r} (add it to "
                                    f"names:, or give the cell [es] and [en] sections)")


def without_markers(text):
    """The text with nbgrader's marker lines taken out: a lesson notebook shows its solutions as plain code."""
    return "\n".join(line for line in text.split("\n") if not any(marker in line for marker in MARKERS))


def check_markers(cell, lesson):
    """nbgrader's markers on lines of their own, balanced, in cells that may hold them, the same in every language."""
    per_language = []
    for language in LANGUAGES:
        found = []
        for line in cell.text(language, lesson).splitlines():
            for marker in MARKERS:
                if marker in line:
                    if line.strip() != "// " + marker:
                        raise CodeError(f"nbgrader replaces the whole line holding {marker}: write it alone on its "
                                        f"line as '// {marker}'")
                    found.append(marker)
        per_language.append(found)
        depth = None
        for marker in found:
            begin = marker.startswith("BEGIN")
            if begin == (depth is not None) or (not begin and marker[4:] != depth):
                raise CodeError(f"unbalanced {marker}")
            depth = marker[6:] if begin else None
        if depth is not None:
            raise CodeError(f"BEGIN {depth} without END {depth}")
        if any("SOLUTION" in m for m in found) and "solution" not in cell.flags:
            raise CodeError("BEGIN SOLUTION in a cell without the solution flag")
        if any("HIDDEN" in m for m in found) and "grade" not in cell.flags:
            raise CodeError("BEGIN HIDDEN TESTS in a cell without the grade flag")
    if any(markers != per_language[0] for markers in per_language):
        raise CodeError("the languages' variants have different nbgrader markers")
