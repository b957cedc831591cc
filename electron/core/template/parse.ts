// The parser, ported from Go's text/template/parse/parse.go: the same grammar, the same three-token
// lookahead, the same error texts ("template: NAME:LINE: unexpected EOF"). Follows current Go where
// it grew since 1.19: `{{else with}}`, `{{break}}`/`{{continue}}`, and a cap on parenthesis depth.
import { editorPosition } from './bytes';
import { itemString, lex, type Item, type ItemType } from './lex';
import {
  ActionNode,
  BoolNode,
  BreakNode,
  ChainNode,
  CommandNode,
  CommentNode,
  ContinueNode,
  DotNode,
  ElseNode,
  EndNode,
  FieldNode,
  IdentifierNode,
  IfNode,
  ListNode,
  NilNode,
  NumberNode,
  PipeNode,
  RangeNode,
  StringNode,
  TemplateNode,
  TextNode,
  VariableNode,
  WithNode,
  isEmptyTree,
  type Node,
  type TreeRef,
} from './nodes';
import { NumError, parseFloat64, parseInt64, parseUint, quote, unquote, unquoteChar } from './strconv';

/** A parse failure, as Go words it, with where it happened. */
export class ParseFail extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly pos: number,
  ) {
    super(message);
  }
}

/**
 * Parenthesised pipelines nest by recursion; Go caps them at 10000, which is more than a JavaScript
 * stack takes, so the cap here is lower.
 */
const MAX_STACK_DEPTH = 1000;

const INT64_LIMIT = 2 ** 63;
const UINT64_LIMIT = 2 ** 64;

/** Shared by a template and the {{define}}/{{block}} trees parsed out of it, as Go shares its lexer. */
interface TokenStream {
  items: Item[];
  idx: number;
}

const ZERO_ITEM: Item = { typ: 'error', pos: 0, val: '', line: 0 };

function nextItem(s: TokenStream): Item {
  if (s.idx < s.items.length) return s.items[s.idx++]!;
  return ZERO_ITEM;
}

export class Tree implements TreeRef {
  root: ListNode | null = null;
  parseName: string;
  text = '';
  private stream: TokenStream = { items: [], idx: 0 };
  private token: Item[] = [ZERO_ITEM, ZERO_ITEM, ZERO_ITEM];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private treeSet = new Map<string, Tree>();
  private actionLine = 0;
  private rangeDepth = 0;
  private stackDepth = 0;

  constructor(
    public name: string,
    private readonly funcs: ReadonlySet<string>,
  ) {
    this.parseName = name;
  }

  // ---- token stream ----

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = nextItem(this.stream);
    return this.token[this.peekCount]!;
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
    this.peekCount = 1;
    this.token[0] = nextItem(this.stream);
    return this.token[0];
  }

  private nextNonSpace(): Item {
    let token: Item;
    do token = this.next();
    while (token.typ === 'space');
    return token;
  }

  private peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // ---- errors ----

  errorf(msg: string): never {
    this.root = null;
    const t0 = this.token[0]!;
    throw new ParseFail(`template: ${this.parseName}:${t0.line}: ${msg}`, t0.line, t0.pos);
  }

  private expect(expected: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  private expectOneOf(e1: ItemType, e2: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== e1 && token.typ !== e2) this.unexpected(token, context);
    return token;
  }

  private unexpected(token: Item, context: string): never {
    if (token.typ === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  // ---- parsing ----

  private startParse(stream: TokenStream, treeSet: Map<string, Tree>): void {
    this.root = null;
    this.stream = stream;
    this.vars = ['$'];
    this.treeSet = treeSet;
    this.stackDepth = 0;
  }

  /** Parses text into this tree and the trees it defines, adding them all to treeSet. */
  parse(text: string, treeSet: Map<string, Tree>): void {
    this.parseName = this.name;
    this.text = text;
    this.startParse({ items: lex(text), idx: 0 }, treeSet);
    this.parseTop();
    this.add();
  }

  private add(): void {
    const tree = this.treeSet.get(this.name);
    if (!tree || isEmptyTree(tree.root)) {
      this.treeSet.set(this.name, this);
      return;
    }
    if (!isEmptyTree(this.root)) this.errorf(`template: multiple definition of template ${quote(this.name)}`);
  }

  private parseTop(): void {
    this.root = new ListNode(this, this.peek().pos);
    while (this.peek().typ !== 'EOF') {
      if (this.peek().typ === 'leftDelim') {
        const delim = this.next();
        if (this.nextNonSpace().typ === 'define') {
          const newT = new Tree('definition', this.funcs);
          newT.text = this.text;
          newT.parseName = this.parseName;
          newT.startParse(this.stream, this.treeSet);
          newT.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${n.toString()}`);
      this.root!.append(n);
    }
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.expectOneOf('string', 'rawString', context);
    this.name = this.unquoteOrFail(name.val);
    this.expect('rightDelim', context);
    const [list, end] = this.itemList();
    this.root = list;
    if (end.type !== 'end') this.errorf(`unexpected ${end.toString()} in ${context}`);
    this.add();
  }

  private itemList(): [ListNode, Node] {
    const list = new ListNode(this, this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== 'EOF') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.append(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'text':
        return new TextNode(this, token.pos, token.val);
      case 'leftDelim':
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      case 'comment':
        return new CommentNode(this, token.pos, token.val);
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'block':
        return this.blockControl();
      case 'break':
        return this.breakControl(token.pos, token.line);
      case 'continue':
        return this.continueControl(token.pos, token.line);
      case 'else':
        return this.elseControl();
      case 'end':
        return this.endControl();
      case 'if':
        return this.ifControl();
      case 'range':
        return this.rangeControl();
      case 'template':
        return this.templateControl();
      case 'with':
        return this.withControl();
    }
    this.backup();
    const t = this.peek();
    return new ActionNode(this, t.pos, t.line, this.pipeline('command', 'rightDelim'));
  }

  private breakControl(pos: number, line: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== 'rightDelim') this.unexpected(token, '{{break}}');
    if (this.rangeDepth === 0) this.errorf('{{break}} outside {{range}}');
    return new BreakNode(this, pos, line);
  }

  private continueControl(pos: number, line: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== 'rightDelim') this.unexpected(token, '{{continue}}');
    if (this.rangeDepth === 0) this.errorf('{{continue}} outside {{range}}');
    return new ContinueNode(this, pos, line);
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const token = this.peekNonSpace();
    const pipe = new PipeNode(this, token.pos, token.line);
    // Are there declarations or assignments?
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== 'variable') break;
      this.next();
      // In "$x foo" we must read "foo" (not ":=") to know $x is an argument, so keep the token
      // right after the variable to push it back.
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === 'assign' || next.typ === 'declare') {
        pipe.isAssign = next.typ === 'assign';
        this.nextNonSpace();
        pipe.decl.push(new VariableNode(this, v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(new VariableNode(this, v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ;
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === 'space') {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.typ) {
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const t = c.args[0]!.type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private parseControl(context: 'if' | 'range' | 'with'): [number, number, PipeNode, ListNode, ListNode | null] {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      const [list, firstNext] = this.itemList();
      let next = firstNext;
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        // "{{else if …}}" and "{{else with …}}" are "{{else}}{{if …}}…{{end}}{{end}}" with the
        // inner {{end}} shared, which is why only one {{end}} closes a whole chain.
        if (context === 'if' && this.peek().typ === 'if') {
          this.next();
          elseList = new ListNode(this, next.pos);
          elseList.append(this.ifControl());
        } else if (context === 'with' && this.peek().typ === 'with') {
          this.next();
          elseList = new ListNode(this, next.pos);
          elseList.append(this.withControl());
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== 'end') this.errorf(`expected end; found ${next.toString()}`);
        }
      }
      return [pipe.pos, pipe.line, pipe, list, elseList];
    } finally {
      this.vars.length = mark;
    }
  }

  private ifControl(): Node {
    return new IfNode(this, ...this.parseControl('if'));
  }

  private rangeControl(): Node {
    return new RangeNode(this, ...this.parseControl('range'));
  }

  private withControl(): Node {
    return new WithNode(this, ...this.parseControl('with'));
  }

  private endControl(): Node {
    return new EndNode(this, this.expect('rightDelim', 'end').pos);
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === 'if' || peek.typ === 'with') return new ElseNode(this, peek.pos, peek.line);
    const token = this.expect('rightDelim', 'else');
    return new ElseNode(this, token.pos, token.line);
  }

  private blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const block = new Tree(name, this.funcs);
    block.text = this.text;
    block.parseName = this.parseName;
    block.startParse(this.stream, this.treeSet);
    const [list, end] = block.itemList();
    block.root = list;
    if (end.type !== 'end') this.errorf(`unexpected ${end.toString()} in ${context}`);
    block.add();
    return new TemplateNode(this, token.pos, token.line, name, pipe);
  }

  private templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return new TemplateNode(this, token.pos, token.line, name, pipe);
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.typ === 'string' || token.typ === 'rawString') return this.unquoteOrFail(token.val);
    this.unexpected(token, context);
  }

  private unquoteOrFail(s: string): string {
    try {
      return unquote(s);
    } catch (e) {
      this.errorf((e as Error).message);
    }
  }

  private command(): CommandNode {
    const cmd = new CommandNode(this, this.peekNonSpace().pos);
    for (;;) {
      this.peekNonSpace(); // skip leading spaces.
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === 'space') continue;
      if (token.typ === 'rightDelim' || token.typ === 'rightParen') this.backup();
      else if (token.typ !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | null {
    let node = this.term();
    if (!node) return null;
    if (this.peek().typ === 'field') {
      const chain = new ChainNode(this, this.peek().pos, node);
      while (this.peek().typ === 'field') chain.add(this.next().val);
      // Go keeps the original node kinds for .X.Y and $x.Y; literals cannot have fields.
      switch (node.type) {
        case 'field':
          node = new FieldNode(this, chain.pos, chain.toString());
          break;
        case 'variable':
          node = new VariableNode(this, chain.pos, chain.toString());
          break;
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.errorf(`unexpected . after term ${quote(node.toString())}`);
          break;
        default:
          node = chain;
      }
    }
    return node;
  }

  private term(): Node | null {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'identifier':
        if (!this.funcs.has(token.val)) this.errorf(`function ${quote(token.val)} not defined`);
        return new IdentifierNode(this, token.pos, token.val);
      case 'dot':
        return new DotNode(this, token.pos);
      case 'nil':
        return new NilNode(this, token.pos);
      case 'variable':
        return this.useVar(token.pos, token.val);
      case 'field':
        return new FieldNode(this, token.pos, token.val);
      case 'bool':
        return new BoolNode(this, token.pos, token.val === 'true');
      case 'charConstant':
      case 'complex':
      case 'number':
        return this.newNumber(token.pos, token.val, token.typ);
      case 'leftParen':
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', 'rightParen');
        } finally {
          this.stackDepth--;
        }
      case 'string':
      case 'rawString':
        return new StringNode(this, token.pos, token.val, this.unquoteOrFail(token.val));
    }
    this.backup();
    return null;
  }

  private useVar(pos: number, name: string): Node {
    const v = new VariableNode(this, pos, name);
    if (this.vars.includes(v.ident[0]!)) return v;
    this.errorf(`undefined variable ${quote(v.ident[0]!)}`);
  }

  private newNumber(pos: number, text: string, typ: ItemType): NumberNode {
    const n = new NumberNode(this, pos, text);
    if (typ === 'charConstant') {
      let r: { value: number; tail: string };
      try {
        r = unquoteChar(text.slice(1), text[0]!);
      } catch (e) {
        this.errorf((e as Error).message);
      }
      if (r.tail !== "'") this.errorf(`malformed character constant: ${text}`);
      n.int64 = n.uint64 = BigInt(r.value);
      n.float64 = r.value;
      n.isInt = n.isUint = n.isFloat = true;
      return n;
    }
    if (typ === 'complex') {
      const m = /^([+-]?(?:[^+-]|[eEpP][+-])+)([+-](?:[^+-]|[eEpP][+-])+)i$/.exec(text);
      let re = NaN;
      let im = NaN;
      if (m) {
        try {
          re = parseFloat64(m[1]!);
          im = parseFloat64(m[2]!);
        } catch {
          // reported below
        }
      }
      if (Number.isNaN(re) || Number.isNaN(im)) this.errorf(`strconv.ParseFloat: parsing ${quote(text)}: invalid syntax`);
      n.isComplex = true;
      n.complex = { re, im };
      simplifyComplex(n);
      return n;
    }
    if (text.endsWith('i')) {
      try {
        const f = parseFloat64(text.slice(0, -1));
        n.isComplex = true;
        n.complex = { re: 0, im: f };
        simplifyComplex(n);
        return n;
      } catch {
        // fall through: not an imaginary literal
      }
    }
    let u: bigint | undefined;
    try {
      u = parseUint(text);
      n.isUint = true;
      n.uint64 = u;
    } catch (e) {
      if (!(e instanceof NumError)) throw e;
    }
    try {
      const i = parseInt64(text);
      n.isInt = true;
      n.int64 = i;
      if (i === 0n) {
        n.isUint = true; // in case of -0.
        n.uint64 = u ?? 0n;
      }
    } catch (e) {
      if (!(e instanceof NumError)) throw e;
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float64 = Number(n.int64);
    } else if (n.isUint) {
      n.isFloat = true;
      n.float64 = Number(n.uint64);
    } else {
      let f: number | undefined;
      try {
        f = parseFloat64(text);
      } catch (e) {
        if (!(e instanceof NumError)) throw e;
      }
      if (f !== undefined) {
        if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${quote(text)}`);
        n.isFloat = true;
        n.float64 = f;
        if (Number.isInteger(f) && f >= -INT64_LIMIT && f < INT64_LIMIT) {
          n.isInt = true;
          n.int64 = BigInt(f);
        }
        if (Number.isInteger(f) && f >= 0 && f < UINT64_LIMIT) {
          n.isUint = true;
          n.uint64 = BigInt(f);
        }
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) this.errorf(`illegal number syntax: ${quote(text)}`);
    return n;
  }
}

function simplifyComplex(n: NumberNode): void {
  n.isFloat = n.complex.im === 0;
  if (n.isFloat) {
    const f = n.complex.re;
    n.float64 = f;
    n.isInt = Number.isInteger(f) && f >= -INT64_LIMIT && f < INT64_LIMIT;
    if (n.isInt) n.int64 = BigInt(f);
    n.isUint = Number.isInteger(f) && f >= 0 && f < UINT64_LIMIT;
    if (n.isUint) n.uint64 = BigInt(f);
  }
}

/** Where a parse failure is, for an editor (text is the Go byte string parsed; col counts UTF-16 units). */
export function parseFailPosition(text: string, e: ParseFail): { line: number; col: number } {
  if (e.line === 0) return editorPosition(text, text.length);
  return { line: e.line, col: editorPosition(text, e.pos).col };
}
