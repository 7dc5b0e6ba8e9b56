//! The interactive browser. The only module that uses ratatui and crossterm.
