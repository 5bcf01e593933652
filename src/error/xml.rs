//! What is wrong with malformed XML (the problem of [`Error::Xml`](crate::Error::Xml)), told
//! apart so that each language can say it: the XML parser's own description is English only.

use quick_xml::errors::{Error as ParserError, IllFormedError, SyntaxError};

use crate::text::one_line;

/// What the XML parser found wrong in a part. Printed in English as the parser words it; the
/// names in it (an element's, as written) are what a person looks for in the XML.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum XmlProblem {
    /// An end tag that does not close the innermost open element.
    MismatchedEndTag {
        /// The name of the element open (`w:t`).
        expected: String,
        /// The name in the end tag found instead.
        found: String,
    },
    /// An end tag where no element is open.
    UnmatchedEndTag {
        /// The name in the end tag.
        found: String,
    },
    /// The part ends with an element still open.
    MissingEndTag {
        /// The name of the element left open.
        expected: String,
    },
    /// The part ends inside markup begun and never closed.
    Unclosed(Unclosed),
    /// Anything else (a misspelled declaration, `--` in a comment, a malformed attribute or
    /// reference, an undeclared namespace prefix), as the XML parser words it.
    Other {
        /// The parser's description.
        message: String,
    },
}

/// Markup the part ends inside of (see [`XmlProblem::Unclosed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unclosed {
    /// A start or end tag: no `>`.
    Tag,
    /// An attribute value: no closing quote (`'` or `"`).
    AttributeValue {
        /// The quote that opened it.
        quote: char,
    },
    /// A comment: no `-->`.
    Comment,
    /// A CDATA section: no `]]>`.
    CData,
    /// A processing instruction: no `?>`.
    ProcessingInstruction,
    /// The XML declaration: no `?>`.
    XmlDeclaration,
    /// A DOCTYPE declaration: no `>`.
    Doctype,
    /// An entity or character reference: no `;`.
    Reference,
}

impl Unclosed {
    /// What closes the markup: `>`, the quote, `-->`, `]]>`, `?>` or `;`.
    pub fn closing(self) -> String {
        match self {
            Unclosed::Tag | Unclosed::Doctype => ">".into(),
            Unclosed::AttributeValue { quote } => quote.to_string(),
            Unclosed::Comment => "-->".into(),
            Unclosed::CData => "]]>".into(),
            Unclosed::ProcessingInstruction | Unclosed::XmlDeclaration => "?>".into(),
            Unclosed::Reference => ";".into(),
        }
    }
}

impl XmlProblem {
    /// The problem the XML parser reported as `error`.
    pub(crate) fn of(error: &ParserError) -> XmlProblem {
        match error {
            ParserError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
                XmlProblem::MismatchedEndTag {
                    expected: expected.clone(),
                    found: found.clone(),
                }
            }
            ParserError::IllFormed(IllFormedError::UnmatchedEndTag(found)) => {
                XmlProblem::UnmatchedEndTag {
                    found: found.clone(),
                }
            }
            ParserError::IllFormed(IllFormedError::MissingEndTag(expected)) => {
                XmlProblem::MissingEndTag {
                    expected: expected.clone(),
                }
            }
            ParserError::IllFormed(IllFormedError::UnclosedReference) => {
                XmlProblem::Unclosed(Unclosed::Reference)
            }
            ParserError::Syntax(syntax) => match unclosed(*syntax) {
                Some(markup) => XmlProblem::Unclosed(markup),
                None => XmlProblem::Other {
                    message: error.to_string(),
                },
            },
            other => XmlProblem::Other {
                message: other.to_string(),
            },
        }
    }
}

/// The markup a syntax error leaves unclosed, if that is what it says.
fn unclosed(error: SyntaxError) -> Option<Unclosed> {
    Some(match error {
        SyntaxError::UnclosedTag => Unclosed::Tag,
        SyntaxError::UnclosedSingleQuotedAttributeValue => Unclosed::AttributeValue { quote: '\'' },
        SyntaxError::UnclosedDoubleQuotedAttributeValue => Unclosed::AttributeValue { quote: '"' },
        SyntaxError::UnclosedComment => Unclosed::Comment,
        SyntaxError::UnclosedCData => Unclosed::CData,
        SyntaxError::UnclosedPI => Unclosed::ProcessingInstruction,
        SyntaxError::UnclosedXmlDecl => Unclosed::XmlDeclaration,
        SyntaxError::UnclosedDoctype => Unclosed::Doctype,
        SyntaxError::InvalidBangMarkup => return None,
    })
}

impl std::fmt::Display for XmlProblem {
    /// The XML parser's words, letter for letter.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XmlProblem::MismatchedEndTag { expected, found } => write!(
                f,
                "ill-formed document: expected `</{}>`, but `</{}>` was found",
                one_line(expected),
                one_line(found)
            ),
            XmlProblem::UnmatchedEndTag { found } => write!(
                f,
                "ill-formed document: close tag `</{}>` does not match any open tag",
                one_line(found)
            ),
            XmlProblem::MissingEndTag { expected } => write!(
                f,
                "ill-formed document: start tag not closed: `</{}>` not found before end of input",
                one_line(expected)
            ),
            XmlProblem::Unclosed(markup) => {
                let (kind, what) = match markup {
                    Unclosed::Tag => ("syntax error", "tag"),
                    Unclosed::AttributeValue { .. } => ("syntax error", "attribute value"),
                    Unclosed::Comment => ("syntax error", "comment"),
                    Unclosed::CData => ("syntax error", "CDATA"),
                    Unclosed::ProcessingInstruction => ("syntax error", "processing instruction"),
                    Unclosed::XmlDeclaration => ("syntax error", "XML declaration"),
                    Unclosed::Doctype => ("syntax error", "DOCTYPE"),
                    Unclosed::Reference => ("ill-formed document", "entity or character reference"),
                };
                let end = markup.closing();
                write!(
                    f,
                    "{kind}: {what} not closed: `{end}` not found before end of input"
                )
            }
            XmlProblem::Other { message } => f.write_str(&one_line(message)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every error the parser can give that is told apart, as the parser gives it.
    fn parser_errors() -> Vec<ParserError> {
        let mut errors: Vec<ParserError> = [
            SyntaxError::UnclosedTag,
            SyntaxError::UnclosedSingleQuotedAttributeValue,
            SyntaxError::UnclosedDoubleQuotedAttributeValue,
            SyntaxError::UnclosedComment,
            SyntaxError::UnclosedCData,
            SyntaxError::UnclosedPI,
            SyntaxError::UnclosedXmlDecl,
            SyntaxError::UnclosedDoctype,
            SyntaxError::InvalidBangMarkup,
        ]
        .into_iter()
        .map(ParserError::Syntax)
        .collect();
        errors.extend(
            [
                IllFormedError::MismatchedEndTag {
                    expected: "w:t".into(),
                    found: "w:r".into(),
                },
                IllFormedError::UnmatchedEndTag("w:p".into()),
                IllFormedError::MissingEndTag("w:body".into()),
                IllFormedError::UnclosedReference,
                IllFormedError::DoubleHyphenInComment,
                IllFormedError::MissingDoctypeName,
            ]
            .into_iter()
            .map(ParserError::IllFormed),
        );
        errors
    }

    #[test]
    fn the_english_is_the_parsers_letter_for_letter() {
        for error in parser_errors() {
            assert_eq!(XmlProblem::of(&error).to_string(), error.to_string());
        }
    }

    #[test]
    fn the_problems_told_apart_keep_their_names() {
        let problems: Vec<XmlProblem> = parser_errors().iter().map(XmlProblem::of).collect();
        let others = problems
            .iter()
            .filter(|p| matches!(p, XmlProblem::Other { .. }))
            .count();
        // Only the invalid `<!`, `--` in a comment and the DOCTYPE without a name are others.
        assert_eq!(others, 3, "{problems:?}");
        assert!(problems.contains(&XmlProblem::MismatchedEndTag {
            expected: "w:t".into(),
            found: "w:r".into()
        }));
        assert!(
            problems.contains(&XmlProblem::Unclosed(Unclosed::AttributeValue {
                quote: '"'
            }))
        );
    }
}
