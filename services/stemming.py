"""Portuguese stems and stop words, the same on every database.

The search index keeps, next to each page's text, the stems of its words
(``SearchStemsMixin.search_stems``), and queries are turned into the same
stems here. So "defeituosos" finds "defeito" and "cobranças" finds
"cobrança" on SQLite (whose FTS5 only folds case and accents) exactly as on
PostgreSQL (whose 'portuguese' configuration stems the same strings again on
both sides, which changes nothing about what matches).

Stems come from Snowball's Portuguese algorithm (the one PostgreSQL uses),
accent-free, so that "cobranca" typed without the cedilla still matches.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+")

# Snowball's Portuguese stop-word list (PostgreSQL's 'portuguese' configuration
# drops the same words), accent-free. They are never searched or highlighted:
# "com" must not mark "Comprou".
_STOP_WORDS = """
    a ao aos aquela aquelas aquele aqueles aquilo as ate com como da das de dela delas
    dele deles depois do dos e ela elas ele eles em entre era eram eramos essa essas
    esse esses esta estamos estao estas estava estavam estavamos este esteja estejam
    estejamos estes esteve estive estivemos estiver estivera estiveram estiveramos
    estiverem estivermos estivesse estivessem estivessemos estou eu foi fomos for fora
    foram foramos forem formos fosse fossem fossemos fui ha haja hajam hajamos hao
    havemos hei houve houvemos houver houvera houverao houveram houveramos houverei
    houverem houveremos houveria houveriam houveriamos houvermos houvesse houvessem
    houvessemos isso isto ja lhe lhes mais mas me mesmo meu meus minha minhas muito na
    nao nas nem no nos nossa nossas nosso nossos num numa o os ou para pela pelas pelo
    pelos por qual quando que quem sao se seja sejam sejamos sem sera serao serei
    seremos seria seriam seriamos seu seus so somos sou sua suas tambem te tem temos
    tenha tenham tenhamos tenho tera terao terei teremos teria teriam teriamos teu teus
    teve tinha tinham tinhamos tive tivemos tiver tivera tiveram tiveramos tiverem
    tivermos tivesse tivessem tivessemos tu tua tuas um uma voce voces vos
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Snowball removes the adjective suffix "-oso" but keeps the linking "u" of
# "-uoso": "defeituoso" -> "defeitu", while "defeito" -> "defeit". Dropping that
# "u" joins the adjective to its noun ("monstruoso"/"monstro", "luxuoso"/"luxo").
_LINKING_U = re.compile(r"[^aeiou]uos[oa]s?$")

_stemmer = snowballstemmer.stemmer("portuguese")


def fold(text):
    """Lower case without accents: "Cobrança" -> "cobranca"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def is_stop_word(word):
    return fold(word) in STOP_WORDS


def _stem_one(word):
    stem = _stemmer.stemWord(word)
    if stem.endswith("u") and _LINKING_U.search(word):
        stem = stem[:-1]
    return fold(stem)


@lru_cache(maxsize=20000)
def stems(word):
    """The stems of one word: of the word as written and of its accent-free form.

    Both, because Snowball reads accents ("negativação" loses "-ação") and a
    reader may type without them ("negativacao"). Empty for stop words and
    single letters.
    """
    lowered = word.lower()
    if len(lowered) < 2 or fold(lowered) in STOP_WORDS:
        return frozenset()
    return frozenset({_stem_one(lowered), _stem_one(fold(lowered))})


def query_stems(query):
    """For each word of ``query`` that counts (not a stop word), its set of stems."""
    found = []
    for word in WORD.findall(query or ""):
        word_stems = stems(word)
        if word_stems and word_stems not in found:
            found.append(word_stems)
    return found


def text_stems(text):
    """Every stem of ``text`` in order, space-separated: what the index keeps."""
    return " ".join(stem for word in WORD.findall(text or "") for stem in sorted(stems(word)))
