//! Characters Word draws from symbol fonts (`w:sym`) and superscript footnote digits.

use quick_xml::events::BytesStart;

use crate::docx::xml;

pub(super) fn superscript_digit(c: char) -> char {
    match c {
        '0' => '\u{2070}',
        '1' => '\u{00B9}',
        '2' => '\u{00B2}',
        '3' => '\u{00B3}',
        '4'..='9' => char::from_u32(0x2070 + u32::from(c) - u32::from('0')).unwrap_or(c),
        c => c,
    }
}

/// Maps `w:sym` (a character of a symbol font) to Unicode where an equivalent is known.
pub(super) fn symbol(e: &BytesStart<'_>) -> Option<char> {
    let code = u32::from_str_radix(xml::attr(e, "char")?.trim(), 16).ok()?;
    let font = xml::attr(e, "font")
        .unwrap_or_default()
        .to_ascii_lowercase();
    // Symbol fonts use the private-use range F000-F0FF; the low byte is the font's code point.
    let low = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    let mapped = if font.starts_with("wingdings 2") {
        match low {
            0x50 => '✓',
            0x4F => '✗',
            0x52 => '☑',
            0x51 => '☒',
            0xA3 => '☐',
            _ => return None,
        }
    } else if font.starts_with("wingdings") {
        match low {
            0xFC => '✓',
            0xFB => '✗',
            0xFE => '☑',
            0xFD => '☒',
            0xA8 => '☐',
            0x6F => '□',
            0x6E => '■',
            0x6C => '●',
            0x9F => '•',
            0xA7 => '▪',
            0xD8 => '➢',
            0xE0 => '→',
            _ => return None,
        }
    } else if font.starts_with("symbol") {
        match low {
            0xB7 => '•',
            0xD6 => '√',
            0xD7 => '×',
            0xB0 => '°',
            0xB1 => '±',
            0xD2 | 0xE2 => '®',
            0xD3 | 0xE3 => '©',
            0xD4 | 0xE4 => '™',
            0xAE => '→',
            0x2D => '−',
            0x30..=0x39 => char::from_u32(low)?,
            _ => return None,
        }
    } else if code < 0xF000 {
        char::from_u32(code)?
    } else {
        return None;
    };
    Some(mapped)
}
