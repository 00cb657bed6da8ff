fn main() {
    partner_benefits::mount();
}
