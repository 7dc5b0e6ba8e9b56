fn main() {
    println!("kanbao");
}
