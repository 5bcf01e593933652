//! Makes the large SSP for scripts: `cargo bench -p fedramp-ssp-benches --bench make_corpus`
//! generates `benches/generated/large-ssp.docx` when missing or stale and prints its path and
//! sizes (`path`, `zip_bytes`, `document_xml_bytes`, `regenerated`, tab-separated, one a line),
//! then makes `benches/generated/low-template-repeated.docx` and prints its path (`second`).

#[path = "corpus.rs"]
mod corpus;

fn main() {
    // `cargo bench` passes `--bench` (and any filter); there is nothing to filter.
    let generated = match corpus::ensure_large_ssp() {
        Ok(g) => g,
        Err(e) => {
            eprintln!(
                "make_corpus: generating {}: {e}",
                corpus::large_ssp_path().display()
            );
            std::process::exit(1);
        }
    };
    println!("path\t{}", generated.path.display());
    println!("zip_bytes\t{}", generated.zip_len);
    println!("document_xml_bytes\t{}", generated.main_part_len);
    println!("regenerated\t{}", generated.regenerated);
    // The second large SSP (FedRAMP's Low template, its whole body repeated).
    println!("second\t{}", corpus::repeated_template().display());
}
