//! One ordered test name, charged: every test it reveals at its own price, none over the budget.
//!
//! - A name that would reveal more than [`gatekeeper::MAX_TESTS`] tests reveals nothing and
//!   costs nothing; the solver is asked to name the tests.
//! - A name the case holds nothing for is charged at its own price (by name or class).
//! - A name that reveals one test and is priced by name in the table is charged that price
//!   ("TSH", revealed from "Thyroid function / TSH", is the TSH price); otherwise each test it
//!   reveals is charged at the price of the test's own name.
//! - The budget is checked before anything is charged: tests are done in the case's order while
//!   they fit what is left; the rest are not done, and the answer says so (naming only the
//!   request, not the tests the case holds). Nothing is revealed of a test not done.

use serde_json::{json, Value};

use super::Encounter;
use crate::clinical::sdx::gatekeeper::{self, Request};

impl Encounter {
    /// Order `test` within a step that has already spent `spent`: the reveal (its `price` is
    /// what it costs) and the findings it showed.
    pub(super) fn order(&mut self, test: &str, spent: f64) -> (Value, Vec<usize>) {
        let r = gatekeeper::answer(&self.case, &Request::Order(test));
        let mut out = json!({"request": "order", "text": test, "findings": [],
            "answer": r.answer, "price": 0.0});
        if r.too_broad {
            out["too_broad"] = json!(true);
            out["price_basis"] = json!("not charged");
            return (out, Vec::new());
        }
        let left = self.limits.budget.map(|b| b - self.cost - spent);
        let fits = |price: f64| left.is_none_or(|l| price <= l + 1e-9);
        let requested = self.prices.test(test);
        if r.tests.is_empty() {
            if !fits(requested.price) {
                return (self.not_done(out, test, left, Vec::new()), Vec::new());
            }
            out["price"] = json!(requested.price);
            out["price_basis"] = json!(requested.basis);
            return (out, Vec::new());
        }
        let by_request = r.tests.len() == 1 && requested.basis == "table";
        let (mut done, mut skipped, mut shown, mut total) =
            (Vec::new(), Vec::new(), Vec::new(), 0.0);
        for t in &r.tests {
            let price = if by_request {
                requested.clone()
            } else {
                self.prices.test(t.price_name())
            };
            let name = t.path.join(" / ");
            if !fits(total + price.price) {
                skipped.push(name);
                continue;
            }
            total += price.price;
            shown.extend(t.findings.iter().copied());
            done.push(json!({"test": name, "price": price.price, "basis": price.basis}));
        }
        if done.is_empty() {
            return (self.not_done(out, test, left, skipped), Vec::new());
        }
        self.mark_revealed(&shown);
        let mut answer = gatekeeper::render(&self.case, &shown);
        if !skipped.is_empty() {
            answer.push_str(&format!(
                "\n{}: {} more test(s) under this name not done: they would pass the budget (${:.0} left).",
                test.trim(),
                skipped.len(),
                left.unwrap_or(0.0) - total
            ));
            out["not_done"] = json!({"reason": "budget", "tests": skipped,
                "left": left.map(|l| l - total)});
        }
        out["findings"] = json!(self.names(&shown));
        out["answer"] = json!(answer);
        out["price"] = json!(total);
        out["price_basis"] = json!(if by_request { "table" } else { "per test" });
        out["tests"] = json!(done);
        (out, shown)
    }

    /// A request the budget does not allow: nothing revealed, nothing charged; the answer names
    /// only the request (not whether the case holds it).
    fn not_done(&self, mut out: Value, test: &str, left: Option<f64>, tests: Vec<String>) -> Value {
        let left = left.unwrap_or(0.0).max(0.0);
        out["answer"] = json!(format!(
            "{}: not done: it would pass the budget (${left:.0} left).",
            test.trim()
        ));
        out["price_basis"] = json!("not done");
        out["not_done"] = json!({"reason": "budget", "tests": tests, "left": left});
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::sdx::{Limits, Measured, Prices, SeqCase};

    fn encounter(budget: Option<f64>) -> Encounter {
        let case = SeqCase::from_value(
            &json!({"opening": "A 70-year-old man, confused.", "diagnosis": "Hyponatraemia",
                "tests": {"Laboratory": {"Sodium": "Sodium 118 mmol/L", "Potassium": "4.1 mmol/L",
                    "Glucose": "5.2 mmol/L", "Urea": "4 mmol/L", "Creatinine": "70 umol/L"},
                    "Complete blood count": {"WBC": "7", "Haemoglobin": "140 g/L"},
                    "Head CT": "No acute change."}}),
            1,
        )
        .unwrap();
        let limits = Limits {
            max_turns: 6,
            budget,
        };
        Encounter::new(case, limits, Prices::shipped())
    }

    fn order(e: &mut Encounter, tests: &str) -> Value {
        e.reply(
            &format!(r#"{{"action": "order", "tests": {tests}}}"#),
            Measured::default(),
        );
        json!(e.steps().last().unwrap())
    }

    #[test]
    fn each_revealed_test_is_charged_at_its_own_price() {
        let p = Prices::shipped();
        let mut e = encounter(None);
        let step = order(&mut e, r#"["CBC", "head CT", "serum ammonia"]"#);
        let prices: Vec<f64> = step["reveals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["price"].as_f64().unwrap())
            .collect();
        let want = [
            p.test("CBC").price,
            p.test("head CT").price,
            p.test("serum ammonia").price,
        ];
        assert_eq!(prices, want);
        assert_eq!(e.cost(), want.iter().sum::<f64>());
        assert_eq!(
            step["reveals"][0]["tests"][0]["test"],
            "Complete blood count"
        );
    }

    #[test]
    fn a_broad_order_asks_for_names_and_costs_nothing() {
        let mut e = encounter(None);
        let step = order(&mut e, r#"["labs"]"#);
        let r = &step["reveals"][0];
        assert_eq!(r["too_broad"], true);
        assert_eq!(r["price"], 0.0);
        assert_eq!(e.cost(), 0.0);
        assert!(e.revealed().is_empty());
        assert!(!r["answer"].as_str().unwrap().contains("118"));
        assert!(r["answer"].as_str().unwrap().contains("by name"));
    }

    #[test]
    fn an_order_past_the_budget_is_cut_to_what_fits_in_order() {
        let p = Prices::shipped();
        let cbc = p.test("CBC").price;
        let ct = p.test("head CT").price;
        // Room for the CBC, not for the CT after it, nor for a lab after that.
        let mut e = encounter(Some(cbc + ct - 1.0));
        let step = order(&mut e, r#"["CBC", "head CT", "serum ammonia"]"#);
        let reveals = step["reveals"].as_array().unwrap();
        assert_eq!(reveals[0]["price"], cbc);
        assert_eq!(reveals[1]["price"], 0.0);
        assert_eq!(reveals[1]["not_done"]["reason"], "budget");
        let told = reveals[1]["answer"].as_str().unwrap();
        assert!(
            told.contains("not done") && !told.contains("No acute change"),
            "{told}"
        );
        // The ammonia (a $20 lab by class) still fits after the CT was not done.
        assert_eq!(reveals[2]["price"], p.test("serum ammonia").price);
        assert_eq!(e.cost(), cbc + p.test("serum ammonia").price);
        assert!(e.cost() <= cbc + ct - 1.0);
        // Cut in the order requested: the CBC ($7.77) and a $20 lab fit in $45, the second $20
        // does not.
        let mut e = encounter(Some(45.0));
        let step = order(&mut e, r#"["blood count", "Sodium", "Potassium"]"#);
        let reveals = step["reveals"].as_array().unwrap();
        assert_eq!(e.cost(), cbc + p.test("Sodium").price, "{step}");
        assert!(reveals[1]["answer"].as_str().unwrap().contains("118"));
        assert!(reveals[2]["not_done"].is_object(), "{step}");
        assert!(!reveals[2]["answer"].as_str().unwrap().contains("4.1"));
    }
}
