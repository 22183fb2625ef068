"""Feed validation with libxml2's RELAX NG and ISO Schematron engines (lxml).

The W3C Feed Validation Service's code is on no package registry (nor is any other
offline feed validator), so the tests check the feeds against the formats' own
rules: RFC 4287's schema for Atom, with the Schematron rules the RFC writes into it
(an entry needs an author unless its feed has one), and the RSS 2.0 specification's
rules for RSS (tests/schemas/).
"""

from functools import cache
from pathlib import Path

import rnc2rng
from lxml import etree, isoschematron

SCHEMAS = Path(__file__).parent / "schemas"
ISO_SCHEMATRON = "http://purl.oclc.org/dsdl/schematron"
SCHEMATRON_1_5 = "http://www.ascc.net/xml/schematron"  # the namespace RFC 4287 uses
SVRL = "http://purl.oclc.org/dsdl/svrl"
NAMESPACES = {"atom": "http://www.w3.org/2005/Atom"}


@cache
def _grammar(name):
    # rnc2rng declares the empty prefix of `namespace local = ""`, which XML forbids.
    rng = rnc2rng.dumps(rnc2rng.load(str(SCHEMAS / name))).replace('xmlns:local=""', "")
    return etree.fromstring(rng.encode())


@cache
def _relax_ng(name):
    return etree.RelaxNG(_grammar(name))


@cache
def _schematron(name):
    """The Schematron rules embedded in the grammar, one pattern each (two rules of a
    pattern never both apply to one element)."""
    schema = etree.Element(f"{{{ISO_SCHEMATRON}}}schema", nsmap={"sch": ISO_SCHEMATRON})
    for prefix, uri in NAMESPACES.items():
        etree.SubElement(schema, f"{{{ISO_SCHEMATRON}}}ns", prefix=prefix, uri=uri)
    rules = list(_grammar(name).iter(f"{{{SCHEMATRON_1_5}}}rule", f"{{{ISO_SCHEMATRON}}}rule"))
    if not rules:
        return None
    for rule in rules:
        pattern = etree.SubElement(schema, f"{{{ISO_SCHEMATRON}}}pattern")
        iso_rule = etree.SubElement(
            pattern, f"{{{ISO_SCHEMATRON}}}rule", context=rule.get("context")
        )
        for check in rule:
            tag = etree.QName(check).localname
            etree.SubElement(
                iso_rule, f"{{{ISO_SCHEMATRON}}}{tag}", test=check.get("test")
            ).text = check.text
    return isoschematron.Schematron(schema, store_report=True)


def feed_errors(content, schema_name):
    """Every error the grammar and its rules find in the feed `content` (bytes)."""
    document = etree.fromstring(content)
    relax_ng = _relax_ng(schema_name)
    errors = [] if relax_ng.validate(document) else [str(e) for e in relax_ng.error_log]
    schematron = _schematron(schema_name)
    if schematron is not None and not schematron.validate(document):
        report = schematron.validation_report
        errors += [
            " ".join(failure.findtext(f"{{{SVRL}}}text").split())
            for failure in report.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report")
        ]
    return errors


def atom_errors(content):
    return feed_errors(content, "atom.rnc")


def rss_errors(content):
    return feed_errors(content, "rss2.rnc")
