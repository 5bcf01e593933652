//! Fields (`w:fldChar`, `w:instrText`, `w:fldSimple`) and content controls (`w:sdt`): what is
//! code and what is result, and which of them hold a table of contents.

use quick_xml::events::BytesStart;

use crate::docx::xml;

/// An open complex field.
#[derive(Debug)]
struct Field {
    /// The field code read so far.
    instr: String,
    /// Past `w:fldChar w:fldCharType="separate"`: in the result, which is text.
    in_result: bool,
    is_toc: bool,
}

/// At most this many fields are open at once; a deeper nesting of unterminated `begin`s is
/// not Word's and the extra ones are ignored (so that checks over the open fields stay cheap).
const MAX_OPEN_FIELDS: usize = 64;

/// At most this many bytes of a field code are kept (a TOC switch list is short).
const MAX_INSTR: usize = 4096;

/// The fields and content controls open at the reader's position.
#[derive(Debug, Default)]
pub(super) struct FieldState {
    fields: Vec<Field>,
    /// How many open fields are still in their code (not yet past `separate`).
    in_code: usize,
    /// One entry per open `w:sdt`: whether it is a table of contents.
    sdts: Vec<bool>,
    toc_sdts: usize,
    toc_fields: usize,
}

impl FieldState {
    /// Whether text here is shown: not inside any open field's code.
    #[inline]
    pub(super) fn shows_text(&self) -> bool {
        self.in_code == 0
    }

    /// Whether the reader is inside a table of contents (a TOC field's result, or a content
    /// control of the "Table of Contents" gallery).
    #[inline]
    pub(super) fn in_toc(&self) -> bool {
        self.toc_sdts > 0 || self.toc_fields > 0
    }

    /// Whether field code (`w:instrText`) here belongs to the innermost open field.
    pub(super) fn collects_code(&self) -> bool {
        self.fields.last().is_some_and(|f| !f.in_result)
    }

    /// Adds field code to the innermost open field.
    pub(super) fn push_code(&mut self, s: &str) {
        if let Some(f) = self.fields.last_mut()
            && f.instr.len() < MAX_INSTR
        {
            f.instr.push_str(s);
        }
    }

    /// `w:fldChar` of type `kind`: a field begins, its result begins, or it ends. Returns the
    /// code of a TOC field whose result begins (for its `\t` switch).
    pub(super) fn field_char(&mut self, kind: FieldCharType) -> Option<String> {
        match kind {
            FieldCharType::Begin if self.fields.len() < MAX_OPEN_FIELDS => {
                self.fields.push(Field {
                    instr: String::new(),
                    in_result: false,
                    is_toc: false,
                });
                self.in_code += 1;
                None
            }
            FieldCharType::Separate => {
                let f = self.fields.last_mut().filter(|f| !f.in_result)?;
                f.in_result = true;
                f.is_toc = is_toc_instr(&f.instr);
                self.in_code = self.in_code.saturating_sub(1);
                if f.is_toc {
                    self.toc_fields += 1;
                    return Some(std::mem::take(&mut f.instr));
                }
                None
            }
            FieldCharType::End => {
                self.end_field();
                None
            }
            _ => None,
        }
    }

    fn end_field(&mut self) {
        if let Some(f) = self.fields.pop() {
            if !f.in_result {
                self.in_code = self.in_code.saturating_sub(1);
            }
            if f.is_toc {
                self.toc_fields = self.toc_fields.saturating_sub(1);
            }
        }
    }

    /// A paragraph ends. A field still in its code here is one whose `separate` or `end` never
    /// comes: Word shows nothing of it but the text after it goes on, so its code ends here
    /// (and one unterminated field never hides the rest of the document).
    pub(super) fn end_paragraph(&mut self) {
        while self.fields.last().is_some_and(|f| !f.in_result) {
            self.end_field();
        }
    }

    /// `w:sdt` opens.
    pub(super) fn sdt_start(&mut self) {
        self.sdts.push(false);
    }

    /// `w:sdt` closes.
    pub(super) fn sdt_end(&mut self) {
        if self.sdts.pop() == Some(true) {
            self.toc_sdts = self.toc_sdts.saturating_sub(1);
        }
    }

    /// `w:sdtPr/w:docPartObj/w:docPartGallery`: a content control holding a table of contents.
    pub(super) fn sdt_gallery(&mut self, e: &BytesStart<'_>) {
        let toc = xml::attr(e, "val").is_some_and(|v| v.contains("Table of Contents"));
        if let Some(last) = self.sdts.last_mut()
            && toc
            && !*last
        {
            *last = true;
            self.toc_sdts += 1;
        }
    }
}

/// Whether a field code is a table of contents (`TOC \o "1-3" ...`).
pub(super) fn is_toc_instr(instr: &str) -> bool {
    let trimmed = instr.trim_start();
    trimmed
        .get(..3)
        .is_some_and(|s| s.eq_ignore_ascii_case("TOC"))
        && trimmed
            .get(3..)
            .and_then(|rest| rest.chars().next())
            .is_none_or(|c| c.is_whitespace() || c == '\\')
}

/// The styles a TOC field's `\t "Style,Level,Style,Level"` switch declares as headings, with
/// their 1-based levels.
pub(super) fn toc_styles(instr: &str) -> Vec<(&str, u8)> {
    let Some(rest) = instr.find("\\t").and_then(|pos| instr.get(pos + 2..)) else {
        return Vec::new();
    };
    let Some(list) = rest
        .split_once('"')
        .and_then(|(_, r)| r.split_once('"'))
        .map(|(l, _)| l)
    else {
        return Vec::new();
    };
    let items: Vec<&str> = list.split([',', ';']).map(str::trim).collect();
    items
        .chunks(2)
        .filter_map(|pair| match pair {
            [style, level] => Some((*style, level.parse::<u8>().ok()?)),
            _ => None,
        })
        .filter(|(_, level)| (1..=9).contains(level))
        .collect()
}

/// A field character's `w:fldCharType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FieldCharType {
    Begin,
    Separate,
    End,
    /// Missing or another value: the field character is ignored.
    Other,
}

impl FieldCharType {
    /// The type of the field character `e`.
    pub(super) fn of(e: &BytesStart<'_>) -> Self {
        match xml::attr(e, "fldCharType").as_deref() {
            Some("begin") => FieldCharType::Begin,
            Some("separate") => FieldCharType::Separate,
            Some("end") => FieldCharType::End,
            _ => FieldCharType::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toc_switches() {
        assert!(is_toc_instr(" TOC \\o \"1-3\" \\h"));
        assert!(!is_toc_instr("TOCX"));
        assert_eq!(
            toc_styles("TOC \\o \"1-3\" \\t \"Heading Appendix,1,GSA,2\""),
            [("Heading Appendix", 1), ("GSA", 2)]
        );
    }
}
