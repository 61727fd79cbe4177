//! Values that are the same for every file of a build (`config`, `trans`,
//! `index_suffix`, `nav`, `taxonomies`) written into the parsed templates
//! once, before the first render, instead of being looked up on every page.
//!
//! A `{{ trans.home }}` costs a look-up in the context, a search of the
//! translations' `BTreeMap` (about 80 keys) and the escaping of the result:
//! about 1,400 instructions, on each of the 1,244 HTML files of a
//! 1,000-page site, for each of the 13 such names of the theme's header
//! and footer. Folded, it is a piece of the template's text. Likewise a
//! `t(key="page")` with literal arguments becomes its translation, an
//! `{% if config.feeds %}` keeps only the branch it takes, and the menu's
//! `{% for s in nav %}` becomes its body once per section, with `s.path`,
//! `s.title` and `loop.first` folded in (`unroll`).
//!
//! Folding must never change a page. So a name is folded only when:
//! - its first part is a constant (`Constants`) that no template binds
//!   (`set`, `for`, macro arguments): a binding could shadow it anywhere,
//!   since macros see the context too (a macro's own arguments shadow only
//!   inside it, unless it includes a template);
//! - it reaches a string, a boolean or an integer (floats, arrays and
//!   objects are left alone, as is a name not found, so that errors stay
//!   what they were);
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
use tera::ast::{Expr, ExprVal, Forloop, FunctionCall, If, MacroDefinition, Node};

/// Functions whose result depends only on their arguments: a call with
/// literal arguments is folded into its result.
const PURE_FUNCTIONS: &[&str] = &["t"];

/// The longest constant list a `for` is unrolled over.
const MAX_UNROLLED: usize = 16;

/// Tera's name for the whole context (`{{ __tera_context }}`).
const MAGICAL_DUMP_VAR: &str = "__tera_context";

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
        locals: None,
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
    /// The loop variables of a `for` being unrolled, with their values.
    locals: Option<&'a Map<String, Value>>,
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
                        Some(text) => push_node(&mut out, Node::Text(text)),
                        None => out.push(node),
                    }
                }
                Node::If(ref mut if_node, _) => {
                    self.fold_if(if_node);
                    let taken = taken_branch(if_node);
                    match taken {
                        Some(body) => body.into_iter().for_each(|n| push_node(&mut out, n)),
                        None => out.push(node),
                    }
                }
                Node::Forloop(_, ref forloop, _) => match self.unroll(forloop) {
                    Some(body) => body.into_iter().for_each(|n| push_node(&mut out, n)),
                    None => {
                        self.node_inside(&mut node);
                        out.push(node);
                    }
                },
                _ => {
                    self.node_inside(&mut node);
                    push_node(&mut out, node);
                }
            }
        }
        *nodes = out;
    }

    /// A `for` over a constant list of at most `MAX_UNROLLED` items, as
    /// its body once per item with the loop variable and `loop.*` folded
    /// in: the menu's loops over `nav` and `taxonomies` on every page.
    /// `None` when the body needs the loop at render: a `set`, `break`,
    /// `continue`, `include` or nested `for` in it, or a use of the loop
    /// variable that folding cannot replace (`{{ s }}`, `s.count | abs`).
    fn unroll(&self, forloop: &Forloop) -> Option<Vec<Node>> {
        let container = &forloop.container;
        if forloop.key.is_some() || !container.filters.is_empty() || container.negated {
            return None;
        }
        let ExprVal::Ident(name) = &container.val else {
            return None;
        };
        let Value::Array(items) = self.resolve(name)? else {
            return None;
        };
        if items.len() > MAX_UNROLLED || !unrollable(&forloop.body) {
            return None;
        }
        if items.is_empty() {
            let mut body = forloop.empty_body.clone().unwrap_or_default();
            self.nodes(&mut body);
            return Some(body);
        }
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            // no outer loop's values to keep: a `for` in a body stops unrolling
            let mut locals = Map::new();
            locals.insert(forloop.value.clone(), item.clone());
            locals.insert(
                "loop".into(),
                serde_json::json!({
                    "index": i + 1,
                    "index0": i,
                    "first": i == 0,
                    "last": i + 1 == items.len(),
                }),
            );
            let inside = Folder {
                locals: Some(&locals),
                ..*self
            };
            let mut body = forloop.body.clone();
            inside.nodes(&mut body);
            if mentions(&body, &[forloop.value.as_str(), "loop", MAGICAL_DUMP_VAR]) {
                return None;
            }
            out.extend(body);
        }
        Some(out)
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

    /// The literal a constant's name stands for: a string, a boolean or an
    /// integer (which Tera renders, compares and tests as the value).
    fn constant(&self, name: &str) -> Option<ExprVal> {
        match self.resolve(name)? {
            Value::String(s) => Some(ExprVal::String(s.clone())),
            Value::Bool(b) => Some(ExprVal::Bool(*b)),
            Value::Number(n) => n.as_i64().map(ExprVal::Int),
            _ => None,
        }
    }

    /// The value a plain dotted name stands for here, if it is known
    /// (a name with `[…]` or other signs is left to Tera).
    fn resolve(&self, name: &str) -> Option<&Value> {
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
        let value = match self.locals.and_then(|locals| locals.get(root)) {
            Some(local) => local,
            None => self.constants.get(root)?,
        };
        tera::dotted_pointer(value, rest)
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

/// Whether a `for` body can be repeated without its loop: nothing in it
/// binds a name, leaves the loop or sees its frame from elsewhere.
fn unrollable(body: &[Node]) -> bool {
    let mut ok = true;
    walk_nodes(
        body,
        &mut |node| {
            ok &= !matches!(
                node,
                Node::Forloop(..)
                    | Node::Set(..)
                    | Node::Break(..)
                    | Node::Continue(..)
                    | Node::Include(..)
                    | Node::Super
                    | Node::Block(..)
                    | Node::MacroDefinition(..)
                    | Node::Extends(..)
                    | Node::ImportMacro(..)
            )
        },
        true,
    );
    ok
}

/// Whether a name rooted at one of `roots` is still looked up in `body`.
fn mentions(body: &[Node], roots: &[&str]) -> bool {
    let mut found = false;
    walk_nodes(
        body,
        &mut |node| match node {
            Node::VariableBlock(_, expr) => found |= expr_mentions(expr, roots),
            Node::If(if_node, _) => {
                found |= if_node
                    .conditions
                    .iter()
                    .any(|(_, e, _)| expr_mentions(e, roots))
            }
            Node::FilterSection(_, section, _) => {
                found |= section
                    .filter
                    .args
                    .values()
                    .any(|e| expr_mentions(e, roots))
            }
            _ => {}
        },
        true,
    );
    found
}

fn expr_mentions(expr: &Expr, roots: &[&str]) -> bool {
    let named = |name: &str| name_roots(name).any(|root| roots.contains(&root));
    let any = |mut exprs: std::slice::Iter<'_, Expr>| exprs.any(|e| expr_mentions(e, roots));
    let any_arg = |call: &FunctionCall| call.args.values().any(|e| expr_mentions(e, roots));
    if expr.filters.iter().any(any_arg) {
        return true;
    }
    match &expr.val {
        ExprVal::Ident(name) => named(name),
        ExprVal::Test(test) => named(&test.ident) || any(test.args.iter()),
        ExprVal::StringConcat(concat) => concat
            .values
            .iter()
            .any(|v| matches!(v, ExprVal::Ident(name) if named(name))),
        ExprVal::FunctionCall(call) => any_arg(call),
        ExprVal::MacroCall(call) => call.args.values().any(|e| expr_mentions(e, roots)),
        ExprVal::Math(m) => expr_mentions(&m.lhs, roots) || expr_mentions(&m.rhs, roots),
        ExprVal::Logic(l) => expr_mentions(&l.lhs, roots) || expr_mentions(&l.rhs, roots),
        ExprVal::In(i) => expr_mentions(&i.lhs, roots) || expr_mentions(&i.rhs, roots),
        ExprVal::Array(items) => any(items.iter()),
        _ => false,
    }
}

/// The first parts of the names Tera looks up to read `name`: `p` of
/// `p.title`, and `extra` and `key` of `extra[key]` (a quoted or numeric
/// index looks up nothing).
fn name_roots(name: &str) -> impl Iterator<Item = &str> {
    fn root(n: &str) -> &str {
        n.split(['.', '[']).next().unwrap_or(n).trim()
    }
    let indexes = name.split('[').skip(1).filter_map(move |part| {
        let inner = part.split(']').next().unwrap_or("").trim();
        let literal =
            inner.starts_with(['"', '\'', '`']) || inner.bytes().all(|b| b.is_ascii_digit());
        (!literal).then(|| root(inner))
    });
    std::iter::once(root(name)).chain(indexes)
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

/// Adds `node` to `out`; a text is joined to the text before it.
fn push_node(out: &mut Vec<Node>, node: Node) {
    match (out.last_mut(), node) {
        (Some(Node::Text(last)), Node::Text(text)) => last.push_str(&text),
        (_, node) => out.push(node),
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
    for body in tera.templates.values().flat_map(rendered_bodies) {
        walk_nodes(body, &mut visit, false);
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
    // into macros: the template's macro definitions are in its `ast` too
    for body in rendered_bodies(template) {
        walk_nodes(body, &mut visit, true);
    }
    found
}

/// The node lists Tera renders a template from: its `ast` (with its macro
/// definitions) and the bodies of its blocks and of those it overrides.
fn rendered_bodies(template: &tera::Template) -> impl Iterator<Item = &[Node]> {
    let blocks = template.blocks_definitions.values().flatten();
    std::iter::once(&template.ast[..]).chain(blocks.map(|(_, block)| &block.body[..]))
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
            "nav": [
                { "path": "ateliers/", "title": "Ateliers <&>", "count": 12 },
                { "path": "ressources/", "title": "Ressources", "count": 0 },
            ],
            "none": [],
            "keys": [{ "key": "home" }, { "key": "page" }],
            "long": (0..=MAX_UNROLLED).collect::<Vec<_>>(),
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
        // a name starting with `_` is a part, rendered only through others
        for (name, _) in templates.iter().filter(|(name, _)| !name.starts_with('_')) {
            let expected = plain.render(name, &context);
            let got = folded.render(name, &context);
            match (expected, got) {
                (Ok(e), Ok(g)) => assert_eq!(e, g, "template {name}"),
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
            ExprVal::Logic(l) => {
                collect_idents(&l.lhs, found);
                collect_idents(&l.rhs, found);
            }
            ExprVal::Test(test) => {
                found.push(test.ident.clone());
                test.args.iter().for_each(|a| collect_idents(a, found));
            }
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

    fn loops(tera: &tera::Tera, name: &str) -> usize {
        let mut count = 0;
        walk_nodes(
            &tera.templates[name].ast,
            &mut |node| count += usize::from(matches!(node, Node::Forloop(..))),
            true,
        );
        count
    }

    #[test]
    fn loops_over_constant_lists_are_unrolled() {
        let tera = same_output(&[
            (
                "menu.html",
                "{% import \"m.html\" as m %}<ul>{% for s in nav %}<li><a href=\"{{ s.path }}{{ index_suffix }}\"\
                 {% if page.kind == s.path %} aria-current=\"page\"{% elif page.title is starting_with(s.path) %} x{% endif %}\
                 {% if loop.first %} class=\"first\"{% endif %}>{{ loop.index }}/{{ loop.index0 }} {{ s.title }} ({{ s.count }})\
                 {% if loop.last %}.{% endif %}{{ m::item(s=s.title) }}</a></li>{% endfor %}</ul>\
                 {% for s in none %}never{% else %}empty{% endfor %}{% for s in none %}never{% endfor %}",
            ),
            ("m.html", "{% macro item(s) %}[{{ s }}]{% endmacro item %}"),
            ("full.html", "{% import \"m.html\" as m %}{% include \"menu.html\" %}"),
            ("_part.html", "{% for s in nav %}{{ s.title }}{% endfor %}"),
            ("parts.html", "{% for s in nav %}{% include \"_part.html\" %}{% endfor %}"),
        ]);
        assert_eq!(loops(&tera, "menu.html"), 0);
        assert_eq!(
            idents(&tera, "menu.html"),
            ["page.kind", "page.title", "page.kind", "page.title"],
            "what is left of the two turns is about the page"
        );
    }

    #[test]
    fn loops_that_need_their_frame_stay() {
        let tera = same_output(&[
            ("whole.html", "{% for s in nav %}{{ s }}{% endfor %}"),
            (
                "filtered.html",
                "{% for s in nav %}{{ s.title | upper }}{% endfor %}",
            ),
            (
                "set.html",
                "{% for s in nav %}{% set x = s.path %}{{ x }}{% endfor %}",
            ),
            (
                "break.html",
                "{% for s in nav %}{{ s.path }}{% break %}{% endfor %}",
            ),
            (
                "test.html",
                "{% for s in nav %}{% if s is object %}o{% endif %}{% endfor %}",
            ),
            ("long.html", "{% for n in long %}{{ n }}{% endfor %}"),
            (
                "dump.html",
                "{% for s in nav %}{{ __tera_context | length }}{% endfor %}",
            ),
            (
                "index.html",
                "{% for s in keys %}{{ trans[s.key] }}{% endfor %}",
            ),
            ("_inc.html", "{{ s.path }}"),
            (
                "include.html",
                "{% for s in nav %}{% include \"_inc.html\" %}{% endfor %}",
            ),
        ]);
        for name in [
            "whole.html",
            "filtered.html",
            "set.html",
            "break.html",
            "test.html",
            "long.html",
            "dump.html",
            "index.html",
            "include.html",
        ] {
            assert_eq!(loops(&tera, name), 1, "{name}");
        }
    }

    #[test]
    fn the_roots_of_a_name_include_its_indexes() {
        let roots = |name| name_roots(name).collect::<Vec<_>>();
        assert_eq!(roots("p.title"), ["p"]);
        assert_eq!(roots("extra[key]"), ["extra", "key"]);
        assert_eq!(roots("a[b.c].d[\"x\"][0]"), ["a", "b"]);
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
