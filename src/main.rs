fn main() {
    println!("carnet");
}
