//! Values that are the same for every file of a build (`config`, `trans`,
//! `index_suffix`) written into the parsed templates once, before the first
//! render, instead of being looked up on every page.
//!
//! A `{{ trans.home }}` costs a look-up in the context, a search of the
//! translations' `BTreeMap` (about 80 keys) and the escaping of the result:
//! about 1,400 instructions, on each of the 1,244 HTML files of a
//! 1,000-page site, for each of the 13 such names of the theme's header
//! and footer. Folded, it is a piece of the template's text. Likewise a
//! `t(key="page")` with literal arguments becomes its translation, and an
//! `{% if config.feeds %}` keeps only the branch it takes.
//!
//! Folding must never change a page. So a name is folded only when:
//! - its first part is a constant (`Constants`) that no template binds
//!   (`set`, `for`, macro arguments): a binding could shadow it anywhere,
//!   since macros see the context too;
//! - it reaches a string or a boolean (numbers, arrays and objects are left
//!   alone, as is a name not found, so that errors stay what they were);
//! - it stands alone in its expression or in a string concatenation: with
//!   filters, `{% if %}` ignores the filters of a literal but not those of a
//!   name.
//!
//! A literal replaces the name (`ExprVal::String`, escaped as the name's
//! string would be). A `{{ … }}` that is nothing but a literal becomes text,
//! escaped once here, only when every render escapes: every template's name
//! has an autoescape suffix, and no macro is ever called where Tera renders
//! unescaped (in `set`, in arguments, in a `for` container or around `in`).

use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use tera::ast::{Expr, ExprVal, FunctionCall, If, MacroDefinition, Node};

/// Functions whose result depends only on their arguments: a call with
/// literal arguments is folded into its result.
const PURE_FUNCTIONS: &[&str] = &["t"];

/// The build-wide values, by name, as the templates' context holds them.
pub type Constants = Map<String, Value>;

/// Folds `constants` into every template of `tera`. `autoescape` is the
/// list of suffixes given to `Tera::autoescape_on`.
pub fn fold(tera: &mut tera::Tera, constants: &Constants, autoescape: &[&str]) {
    let bound = bound_outside_macros(tera);
    let constants: HashMap<&str, &Value> = constants
        .iter()
        .filter(|(name, _)| !bound.contains(name.as_str()))
        .map(|(name, value)| (name.as_str(), value))
        .collect();
    let functions = pure_functions(tera);
    let no_names = HashSet::new();
    let folder = Folder {
        constants: &constants,
        functions: &functions,
        escape: always_escaped(tera, autoescape).then(|| *tera.get_escape_fn()),
        shadowed: &no_names,
    };
    for template in tera.templates.values_mut() {
        folder.nodes(&mut template.ast);
        for definition in template.macros.values_mut() {
            folder.macro_definition(definition);
        }
        for block in template.blocks.values_mut() {
            folder.nodes(&mut block.body);
        }
        for definitions in template.blocks_definitions.values_mut() {
            for (_, block) in definitions {
                folder.nodes(&mut block.body);
            }
        }
    }
}

#[derive(Clone, Copy)]
struct Folder<'a> {
    constants: &'a HashMap<&'a str, &'a Value>,
    functions: &'a HashMap<String, std::sync::Arc<dyn tera::Function>>,
    /// The escaping of `{{ … }}` output, when every render escapes.
    escape: Option<fn(&str) -> String>,
    /// Names bound where the folder is (inside a macro).
    shadowed: &'a HashSet<String>,
}

impl Folder<'_> {
    fn nodes(&self, nodes: &mut Vec<Node>) {
        let mut out = Vec::with_capacity(nodes.len());
        for mut node in nodes.drain(..) {
            match node {
                Node::VariableBlock(_, ref mut expr) => {
                    self.expr(expr);
                    let text = match (self.escape, literal_text(expr)) {
                        (Some(escape), Some(text)) => Some(escape(text)),
                        _ => None,
                    };
                    match text {
                        Some(text) => push_text(&mut out, text),
                        None => out.push(node),
                    }
                }
                Node::Text(text) => push_text(&mut out, text),
                Node::If(ref mut if_node, _) => {
                    self.fold_if(if_node);
                    let taken = taken_branch(if_node);
                    match taken {
                        Some(body) => {
                            for node in body {
                                match node {
                                    Node::Text(text) => push_text(&mut out, text),
                                    other => out.push(other),
                                }
                            }
                        }
                        None => out.push(node),
                    }
                }
                _ => {
                    self.node_inside(&mut node);
                    out.push(node);
                }
            }
        }
        *nodes = out;
    }

    /// The expressions and bodies of a node other than a `{{ … }}`, text or
    /// `if`.
    fn node_inside(&self, node: &mut Node) {
        match node {
            Node::MacroDefinition(_, definition, _) => self.macro_definition(definition),
            Node::Set(_, set) => self.expr(&mut set.value),
            Node::FilterSection(_, section, _) => {
                self.call_args(&mut section.filter);
                self.nodes(&mut section.body);
            }
            Node::Block(_, block, _) => self.nodes(&mut block.body),
            Node::Forloop(_, forloop, _) => {
                self.expr(&mut forloop.container);
                self.nodes(&mut forloop.body);
                if let Some(body) = &mut forloop.empty_body {
                    self.nodes(body);
                }
            }
            _ => {}
        }
    }

    /// A macro sees its own frame, then the context: the names it binds
    /// shadow the constants inside it only.
    fn macro_definition(&self, definition: &mut MacroDefinition) {
        for default in definition.args.values_mut().flatten() {
            self.expr(default);
        }
        let shadowed = macro_bindings(definition);
        let inside = Folder {
            shadowed: &shadowed,
            ..*self
        };
        inside.nodes(&mut definition.body);
    }

    fn fold_if(&self, if_node: &mut If) {
        for (_, condition, body) in &mut if_node.conditions {
            self.expr(condition);
            self.nodes(body);
        }
        if let Some((_, body)) = &mut if_node.otherwise {
            self.nodes(body);
        }
        // Conditions are tried in order: one known false is never taken,
        // one known true is taken whenever reached, like an `else`.
        let mut kept = Vec::with_capacity(if_node.conditions.len());
        for (ws, condition, body) in if_node.conditions.drain(..) {
            match truth(&condition) {
                Some(false) => {}
                Some(true) => {
                    if_node.otherwise = Some((ws, body));
                    break;
                }
                None => kept.push((ws, condition, body)),
            }
        }
        if_node.conditions = kept;
    }

    fn expr(&self, expr: &mut Expr) {
        for filter in &mut expr.filters {
            self.call_args(filter);
        }
        let alone = expr.filters.is_empty();
        match &mut expr.val {
            ExprVal::Ident(name) if alone => {
                if let Some(literal) = self.constant(name) {
                    expr.val = literal;
                }
            }
            ExprVal::FunctionCall(call) => {
                self.call_args(call);
                if let Some(text) = self.pure_call(call) {
                    expr.val = ExprVal::String(text);
                }
            }
            ExprVal::MacroCall(call) => {
                for arg in call.args.values_mut() {
                    self.expr(arg);
                }
            }
            ExprVal::Math(math) => {
                self.expr(&mut math.lhs);
                self.expr(&mut math.rhs);
            }
            ExprVal::Logic(logic) => {
                self.expr(&mut logic.lhs);
                self.expr(&mut logic.rhs);
            }
            ExprVal::Test(test) => {
                for arg in &mut test.args {
                    self.expr(arg);
                }
            }
            ExprVal::In(in_expr) => {
                self.expr(&mut in_expr.lhs);
                self.expr(&mut in_expr.rhs);
            }
            ExprVal::Array(items) => {
                for item in items {
                    self.expr(item);
                }
            }
            ExprVal::StringConcat(concat) => {
                for value in &mut concat.values {
                    if let ExprVal::Ident(name) = value {
                        if let Some(ExprVal::String(text)) = self.constant(name) {
                            *value = ExprVal::String(text);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn call_args(&self, call: &mut FunctionCall) {
        for arg in call.args.values_mut() {
            self.expr(arg);
        }
    }

    /// The literal a constant's name stands for: a string or a boolean.
    fn constant(&self, name: &str) -> Option<ExprVal> {
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        {
            return None;
        }
        let (root, rest) = name.split_once('.').unwrap_or((name, ""));
        if self.shadowed.contains(root) {
            return None;
        }
        let value = tera::dotted_pointer(self.constants.get(root)?, rest)?;
        match value {
            Value::String(s) => Some(ExprVal::String(s.clone())),
            Value::Bool(b) => Some(ExprVal::Bool(*b)),
            _ => None,
        }
    }

    /// The result of a pure function called with nothing but literal
    /// strings, when it is a string and the function's output is escaped
    /// (a literal is).
    fn pure_call(&self, call: &FunctionCall) -> Option<String> {
        let function = self.functions.get(&call.name)?;
        if function.is_safe() {
            return None;
        }
        let mut args = HashMap::new();
        for (name, arg) in &call.args {
            match (&arg.val, arg.negated, arg.filters.is_empty()) {
                (ExprVal::String(s), false, true) => {
                    args.insert(name.clone(), Value::String(s.clone()));
                }
                _ => return None,
            }
        }
        match function.call(&args) {
            Ok(Value::String(s)) => Some(s),
            _ => None,
        }
    }
}

/// The text of a `{{ … }}` that is a bare literal string.
fn literal_text(expr: &Expr) -> Option<&str> {
    match (&expr.val, expr.negated, expr.filters.is_empty()) {
        (ExprVal::String(s), false, true) => Some(s),
        _ => None,
    }
}

/// Whether a condition is known: a bare literal string or boolean, as
/// Tera's `{% if %}` reads it.
fn truth(condition: &Expr) -> Option<bool> {
    if !condition.filters.is_empty() {
        return None;
    }
    let value = match &condition.val {
        ExprVal::String(s) => !s.is_empty(),
        ExprVal::Bool(b) => *b,
        _ => return None,
    };
    Some(value != condition.negated)
}

/// The body an `if` always renders once its known conditions are gone
/// (empty when it renders nothing), or `None` while a condition is left.
fn taken_branch(if_node: &mut If) -> Option<Vec<Node>> {
    if !if_node.conditions.is_empty() {
        return None;
    }
    Some(
        if_node
            .otherwise
            .take()
            .map(|(_, body)| body)
            .unwrap_or_default(),
    )
}

/// Adds `text` to `out`, joined to the text before it.
fn push_text(out: &mut Vec<Node>, text: String) {
    if let Some(Node::Text(last)) = out.last_mut() {
        last.push_str(&text);
    } else {
        out.push(Node::Text(text));
    }
}

fn pure_functions(tera: &tera::Tera) -> HashMap<String, std::sync::Arc<dyn tera::Function>> {
    PURE_FUNCTIONS
        .iter()
        .filter_map(|&name| Some((name.to_string(), tera.functions.get(name)?.clone())))
        .collect()
}

/// The names bound outside macros (`set`, `set_global`, `for`), which may
/// shadow a constant anywhere, and those bound by a macro that includes a
/// template (which then sees the macro's frame).
fn bound_outside_macros(tera: &tera::Tera) -> HashSet<String> {
    let mut bound = HashSet::new();
    let mut visit = |node: &Node| note_binding(node, &mut bound);
    for template in tera.templates.values() {
        walk_nodes(&template.ast, &mut visit, false);
        for definitions in template.blocks_definitions.values() {
            for (_, block) in definitions {
                walk_nodes(&block.body, &mut visit, false);
            }
        }
    }
    for definition in tera.templates.values().flat_map(|t| t.macros.values()) {
        let mut includes = false;
        walk_nodes(
            &definition.body,
            &mut |node| includes |= matches!(node, Node::Include(..)),
            true,
        );
        if includes {
            bound.extend(macro_bindings(definition));
        }
    }
    bound
}

/// The names a macro binds: its arguments, and its `set` and `for`
/// variables.
fn macro_bindings(definition: &MacroDefinition) -> HashSet<String> {
    let mut bound: HashSet<String> = definition.args.keys().cloned().collect();
    walk_nodes(
        &definition.body,
        &mut |node| note_binding(node, &mut bound),
        true,
    );
    bound
}

/// Adds the name `node` binds, if any (`set`, `set_global`, `for`).
fn note_binding(node: &Node, bound: &mut HashSet<String>) {
    match node {
        Node::Set(_, set) => {
            bound.insert(set.key.clone());
        }
        Node::Forloop(_, forloop, _) => {
            bound.insert(forloop.value.clone());
            bound.extend(forloop.key.clone());
        }
        _ => {}
    }
}

/// Whether every render escapes `{{ … }}` output: Tera decides it from the
/// name of the template rendered, and renders a macro called inside `set`,
/// an argument, a `for` container or an `in` without escaping.
fn always_escaped(tera: &tera::Tera, autoescape: &[&str]) -> bool {
    let named = tera.templates.values().all(|t| {
        let name = t.path.as_deref().unwrap_or(&t.name);
        autoescape.iter().any(|suffix| name.ends_with(suffix))
    });
    named && !tera.templates.values().any(calls_macro_unescaped)
}

fn calls_macro_unescaped(template: &tera::Template) -> bool {
    let mut found = false;
    let mut visit = |node: &Node| {
        // (expression, whether Tera evaluates all of it unescaped): a `set`
        // value, a `for` container, a macro argument's default and a filter
        // section's arguments are; elsewhere only arguments and `in`
        // operands are
        let exprs: Vec<(&Expr, bool)> = match node {
            Node::Set(_, set) => vec![(&set.value, true)],
            Node::Forloop(_, forloop, _) => vec![(&forloop.container, true)],
            Node::VariableBlock(_, expr) => vec![(expr, false)],
            Node::If(if_node, _) => if_node
                .conditions
                .iter()
                .map(|(_, e, _)| (e, false))
                .collect(),
            Node::FilterSection(_, section, _) => {
                section.filter.args.values().map(|e| (e, true)).collect()
            }
            Node::MacroDefinition(_, definition, _) => definition
                .args
                .values()
                .flatten()
                .map(|e| (e, true))
                .collect(),
            _ => Vec::new(),
        };
        found |= exprs
            .iter()
            .any(|&(e, unescaped)| macro_call_unescaped(e, unescaped));
    };
    walk_nodes(&template.ast, &mut visit, true);
    for definition in template.macros.values() {
        walk_nodes(&definition.body, &mut visit, true);
    }
    for definitions in template.blocks_definitions.values() {
        for (_, block) in definitions {
            walk_nodes(&block.body, &mut visit, true);
        }
    }
    found
}

/// Whether `expr` holds a macro call that Tera renders without escaping:
/// anywhere once `unescaped`, else inside the arguments of a function,
/// filter, test or macro, or an `in` operand.
fn macro_call_unescaped(expr: &Expr, unescaped: bool) -> bool {
    let args_of = |call: &FunctionCall| call.args.values().any(|a| macro_call_unescaped(a, true));
    if expr.filters.iter().any(args_of) {
        return true;
    }
    match &expr.val {
        ExprVal::MacroCall(call) => {
            unescaped || call.args.values().any(|a| macro_call_unescaped(a, true))
        }
        ExprVal::FunctionCall(call) => args_of(call),
        ExprVal::Test(test) => test.args.iter().any(|a| macro_call_unescaped(a, true)),
        ExprVal::In(in_expr) => {
            macro_call_unescaped(&in_expr.lhs, true) || macro_call_unescaped(&in_expr.rhs, true)
        }
        ExprVal::Math(m) => {
            macro_call_unescaped(&m.lhs, unescaped) || macro_call_unescaped(&m.rhs, unescaped)
        }
        ExprVal::Logic(l) => {
            macro_call_unescaped(&l.lhs, unescaped) || macro_call_unescaped(&l.rhs, unescaped)
        }
        ExprVal::Array(items) => items.iter().any(|i| macro_call_unescaped(i, unescaped)),
        _ => false,
    }
}

/// Calls `visit` on every node of `nodes`, depth first; inside macro
/// definitions only when `into_macros`.
fn walk_nodes<'a>(nodes: &'a [Node], visit: &mut impl FnMut(&'a Node), into_macros: bool) {
    for node in nodes {
        visit(node);
        match node {
            Node::MacroDefinition(_, definition, _) if into_macros => {
                walk_nodes(&definition.body, visit, into_macros)
            }
            Node::FilterSection(_, section, _) => walk_nodes(&section.body, visit, into_macros),
            Node::Block(_, block, _) => walk_nodes(&block.body, visit, into_macros),
            Node::Forloop(_, forloop, _) => {
                walk_nodes(&forloop.body, visit, into_macros);
                if let Some(body) = &forloop.empty_body {
                    walk_nodes(body, visit, into_macros);
                }
            }
            Node::If(if_node, _) => {
                for (_, _, body) in &if_node.conditions {
                    walk_nodes(body, visit, into_macros);
                }
                if let Some((_, body)) = &if_node.otherwise {
                    walk_nodes(body, visit, into_macros);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn constants() -> Constants {
        let value = json!({
            "trans": { "home": "Accueil & <suite>", "empty": "", "page": "Page" },
            "config": { "title": "L'atelier \"santé\"", "feeds": true, "search": false,
                        "count": 3, "extra": { "list": ["a"] } },
            "index_suffix": "index.html",
        });
        match value {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    fn engine(templates: &[(&str, &str)]) -> tera::Tera {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(super::super::AUTOESCAPE.to_vec());
        let strings = [("page", "Page"), ("kind_atelier", "Atelier")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        tera.register_function("t", super::super::translate(strings));
        tera.add_raw_templates(templates.to_vec()).unwrap();
        tera
    }

    /// Renders every template with and without folding: (folded engine,
    /// outputs). Panics if any output differs.
    fn same_output(templates: &[(&str, &str)]) -> tera::Tera {
        let plain = engine(templates);
        let mut folded = engine(templates);
        fold(&mut folded, &constants(), super::super::AUTOESCAPE);
        let mut context = tera::Context::from_value(Value::Object(constants())).unwrap();
        context.insert("page", &json!({ "title": "Un <titre>", "kind": "atelier" }));
        for (name, _) in templates {
            let expected = plain.render(name, &context);
            let got = folded.render(name, &context);
            match (expected, got) {
                (Ok(e), Ok(g)) => assert_eq!(e, g, "template {name}"),
                (Err(_), Err(_)) => {}
                (e, g) => panic!("template {name}: {e:?} became {g:?}"),
            }
        }
        folded
    }

    /// The names still looked up in `name`'s own nodes (not its macros').
    fn idents(tera: &tera::Tera, name: &str) -> Vec<String> {
        let mut found = Vec::new();
        let template = &tera.templates[name];
        let mut exprs = Vec::new();
        walk_nodes(
            &template.ast,
            &mut |node| match node {
                Node::VariableBlock(_, e) | Node::Set(_, tera::ast::Set { value: e, .. }) => {
                    exprs.push(e.clone())
                }
                Node::If(if_node, _) => {
                    exprs.extend(if_node.conditions.iter().map(|(_, e, _)| e.clone()))
                }
                _ => {}
            },
            true,
        );
        for e in exprs {
            collect_idents(&e, &mut found);
        }
        found
    }

    fn collect_idents(expr: &Expr, found: &mut Vec<String>) {
        match &expr.val {
            ExprVal::Ident(name) => found.push(name.clone()),
            ExprVal::FunctionCall(call) => {
                found.push(format!("{}()", call.name));
                call.args.values().for_each(|a| collect_idents(a, found));
            }
            ExprVal::MacroCall(call) => call.args.values().for_each(|a| collect_idents(a, found)),
            ExprVal::StringConcat(c) => c.values.iter().for_each(|v| {
                if let ExprVal::Ident(name) = v {
                    found.push(name.clone())
                }
            }),
            _ => {}
        }
    }

    #[test]
    fn constants_become_text_and_pages_do_not_change() {
        let tera = same_output(&[(
            "a.html",
            "<h1>{{ trans.home }}</h1>{{ config.title }}|{{ index_suffix }}|{{ page.title }}\
             {% if config.feeds %}feeds{% elif page.title %}title{% else %}none{% endif %}\
             {% if config.search %}search{% endif %}{% if not trans.empty %}empty{% endif %}\
             {% if trans.empty %}x{% elif page.kind %}kind{% elif config.feeds %}f{% else %}e{% endif %}\
             {{ t(key=\"page\") }}{{ t(key=\"missing\", default=\"<d>\") }}{{ t(key=\"kind_\" ~ page.kind) }}\
             {{ trans.home | upper }}{{ trans.nowhere | default(value=\"dflt\") }}\
             {% set s = \"x\" ~ trans.page %}{{ s }}{{ config.count }}{{ config.extra.list.0 }}",
        )]);
        let left = idents(&tera, "a.html");
        assert_eq!(
            left,
            [
                "page.title", // `{% if config.feeds %}` is always taken: its `elif` is gone
                "page.kind",
                "t()", // a key made at render
                "page.kind",
                "trans.home",    // under a filter
                "trans.nowhere", // not found: the same error, or default, at render
                "s",
                "config.count", // a number
            ],
            "only what must stay a look-up does"
        );
        // the `if`s on constants are gone or shortened, and the texts joined
        let text: Vec<&Node> = tera.templates["a.html"].ast.iter().take(1).collect();
        assert!(
            matches!(text[0], Node::Text(t) if t.starts_with("<h1>Accueil &amp; &lt;suite&gt;</h1>L&#39;atelier")
                || t.starts_with("<h1>Accueil &amp; &lt;suite&gt;</h1>L&#x27;atelier")),
            "{text:?}"
        );
    }

    #[test]
    fn a_name_bound_by_a_template_is_not_folded() {
        let tera = same_output(&[
            ("set.html", "{% set trans = page %}{{ trans.title }}"),
            ("other.html", "{{ trans.home }}{{ config.title }}"),
            (
                "for.html",
                "{% for config in [page] %}{{ config.title }}{% endfor %}{{ config.title }}",
            ),
        ]);
        // `trans` and `config` are bound somewhere: never folded
        assert_eq!(idents(&tera, "other.html"), ["trans.home", "config.title"]);
    }

    #[test]
    fn macro_arguments_shadow_inside_their_macro_only() {
        let tera = same_output(&[
            (
                "m.html",
                "{% macro card(index_suffix) %}{{ index_suffix }}|{{ trans.home }}{% endmacro card %}\
                 {% macro plain() %}{{ index_suffix }}{% endmacro plain %}",
            ),
            (
                "p.html",
                "{% import \"m.html\" as m %}{{ m::card(index_suffix=\"x\") }}{{ m::plain() }}{{ index_suffix }}",
            ),
        ]);
        let card = &tera.templates["m.html"].macros["card"];
        assert!(
            matches!(&card.body[0], Node::VariableBlock(_, e) if matches!(&e.val, ExprVal::Ident(n) if n == "index_suffix"))
        );
        assert!(matches!(&card.body[1], Node::Text(t) if t == "|Accueil &amp; &lt;suite&gt;"));
        let plain = &tera.templates["m.html"].macros["plain"];
        assert!(matches!(&plain.body[..], [Node::Text(t)] if t == "index.html"));
        assert!(idents(&tera, "p.html").iter().all(|n| n != "index_suffix"));
    }

    #[test]
    fn a_macro_that_includes_shadows_everywhere() {
        let tera = same_output(&[
            ("inc.html", "{{ index_suffix }}"),
            ("m.html", "{% macro x(index_suffix) %}{% include \"inc.html\" %}{% endmacro x %}"),
            ("p.html", "{% import \"m.html\" as m %}{{ m::x(index_suffix=\"shadow\") }}{% include \"inc.html\" %}"),
        ]);
        assert_eq!(idents(&tera, "inc.html"), ["index_suffix"]);
    }

    #[test]
    fn no_text_is_escaped_ahead_when_a_render_may_not_escape() {
        // a `.txt` template is rendered without escaping
        let tera = same_output(&[
            ("a.txt", "{{ trans.home }}"),
            ("b.html", "{{ trans.home }}"),
        ]);
        assert!(matches!(
            &tera.templates["b.html"].ast[0],
            Node::VariableBlock(..)
        ));
        // a macro called inside `set` renders unescaped
        let tera = same_output(&[
            ("m.html", "{% macro x() %}{{ trans.home }}{% endmacro x %}"),
            (
                "p.html",
                "{% import \"m.html\" as m %}{% set v = m::x() %}{{ v | safe }}{{ m::x() }}",
            ),
        ]);
        assert!(matches!(
            &tera.templates["m.html"].macros["x"].body[0],
            Node::VariableBlock(..)
        ));
        // but without such a call, the macro's text is escaped once here
        let tera = same_output(&[
            ("m.html", "{% macro x() %}{{ trans.home }}{% endmacro x %}"),
            ("p.html", "{% import \"m.html\" as m %}{{ m::x() }}"),
        ]);
        assert!(matches!(
            &tera.templates["m.html"].macros["x"].body[0],
            Node::Text(..)
        ));
    }
}
