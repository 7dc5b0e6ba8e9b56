//! Bytes → text: UTF-8 (BOM or not), GB18030/GBK, line ends; empty/binary/undecodable input is an error.
