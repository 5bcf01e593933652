//! A whole document from bytes: open it, read the outline, every block, and the scope.
#![no_main]

use fedramp_ssp::{Document, ProfileChoice, read_scope};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(mut doc) = Document::from_bytes(data.to_vec()) else {
        return;
    };
    let _ = doc.outline();
    if let Ok(blocks) = doc.blocks() {
        for block in blocks {
            if block.is_err() {
                break;
            }
        }
    }
    let _ = read_scope(&mut doc, "fuzz.docx", &ProfileChoice::Auto);
});
