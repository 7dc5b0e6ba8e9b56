//! Region gazetteer, theme rules and dates: what an article is about and where. Pure and data-driven (`data/*.toml`).
