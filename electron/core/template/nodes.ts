// The parse tree, as in Go's text/template/parse/node.go. Every node knows its position and its tree
// (for "template: NAME:LINE:COL" in errors) and prints itself the way Go does, because executing
// errors quote the failing node: `executing "t" at <.Repo.Id>: nil pointer evaluating …`.
import { quote } from './strconv';

/** What a node needs from its tree to report errors. */
export interface TreeRef {
  name: string;
  parseName: string;
  text: string;
}

export type Node =
  | ListNode
  | TextNode
  | CommentNode
  | PipeNode
  | ActionNode
  | CommandNode
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | EndNode
  | ElseNode
  | IfNode
  | RangeNode
  | WithNode
  | BreakNode
  | ContinueNode
  | TemplateNode;

abstract class BaseNode {
  constructor(
    readonly tree: TreeRef,
    readonly pos: number,
  ) {}
  abstract toString(): string;
}

export class ListNode extends BaseNode {
  readonly type = 'list';
  readonly nodes: Node[] = [];
  append(n: Node): void {
    this.nodes.push(n);
  }
  toString(): string {
    return this.nodes.map((n) => n.toString()).join('');
  }
}

export class TextNode extends BaseNode {
  readonly type = 'text';
  constructor(tree: TreeRef, pos: number, readonly text: string) {
    super(tree, pos);
  }
  toString(): string {
    return this.text;
  }
}

export class CommentNode extends BaseNode {
  readonly type = 'comment';
  constructor(tree: TreeRef, pos: number, readonly text: string) {
    super(tree, pos);
  }
  toString(): string {
    return `{{${this.text}}}`;
  }
}

export class PipeNode extends BaseNode {
  readonly type = 'pipe';
  isAssign = false;
  readonly decl: VariableNode[] = [];
  readonly cmds: CommandNode[] = [];
  constructor(tree: TreeRef, pos: number, readonly line: number) {
    super(tree, pos);
  }
  toString(): string {
    let s = '';
    if (this.decl.length > 0) s += this.decl.map((v) => v.toString()).join(', ') + ' := ';
    return s + this.cmds.map((c) => c.toString()).join(' | ');
  }
}

export class ActionNode extends BaseNode {
  readonly type = 'action';
  constructor(tree: TreeRef, pos: number, readonly line: number, readonly pipe: PipeNode) {
    super(tree, pos);
  }
  toString(): string {
    return `{{${this.pipe.toString()}}}`;
  }
}

export class CommandNode extends BaseNode {
  readonly type = 'command';
  readonly args: Node[] = [];
  toString(): string {
    return this.args.map((a) => (a instanceof PipeNode ? `(${a.toString()})` : a.toString())).join(' ');
  }
}

export class IdentifierNode extends BaseNode {
  readonly type = 'identifier';
  constructor(tree: TreeRef, pos: number, readonly ident: string) {
    super(tree, pos);
  }
  toString(): string {
    return this.ident;
  }
}

export class VariableNode extends BaseNode {
  readonly type = 'variable';
  readonly ident: string[];
  constructor(tree: TreeRef, pos: number, ident: string) {
    super(tree, pos);
    this.ident = ident.split('.');
  }
  toString(): string {
    return this.ident.join('.');
  }
}

export class DotNode extends BaseNode {
  readonly type = 'dot';
  toString(): string {
    return '.';
  }
}

export class NilNode extends BaseNode {
  readonly type = 'nil';
  toString(): string {
    return 'nil';
  }
}

export class FieldNode extends BaseNode {
  readonly type = 'field';
  readonly ident: string[];
  constructor(tree: TreeRef, pos: number, ident: string) {
    super(tree, pos);
    this.ident = ident.slice(1).split('.'); // drop the leading period
  }
  toString(): string {
    return this.ident.map((i) => '.' + i).join('');
  }
}

export class ChainNode extends BaseNode {
  readonly type = 'chain';
  readonly field: string[] = [];
  constructor(tree: TreeRef, pos: number, readonly node: Node) {
    super(tree, pos);
  }
  add(f: string): void {
    // Fields arrive as ".Field" (possibly ".A.B" for a chain of them).
    this.field.push(...f.slice(1).split('.'));
  }
  toString(): string {
    const base = this.node instanceof PipeNode ? `(${this.node.toString()})` : this.node.toString();
    return base + this.field.map((f) => '.' + f).join('');
  }
}

export class BoolNode extends BaseNode {
  readonly type = 'bool';
  constructor(tree: TreeRef, pos: number, readonly value: boolean) {
    super(tree, pos);
  }
  toString(): string {
    return this.value ? 'true' : 'false';
  }
}

export class NumberNode extends BaseNode {
  readonly type = 'number';
  isInt = false;
  isUint = false;
  isFloat = false;
  isComplex = false;
  int64 = 0n;
  uint64 = 0n;
  float64 = 0;
  complex = { re: 0, im: 0 };
  constructor(tree: TreeRef, pos: number, readonly text: string) {
    super(tree, pos);
  }
  toString(): string {
    return this.text;
  }
}

export class StringNode extends BaseNode {
  readonly type = 'string';
  constructor(tree: TreeRef, pos: number, readonly quoted: string, readonly text: string) {
    super(tree, pos);
  }
  toString(): string {
    return this.quoted;
  }
}

export class EndNode extends BaseNode {
  readonly type = 'end';
  toString(): string {
    return '{{end}}';
  }
}

export class ElseNode extends BaseNode {
  readonly type = 'else';
  constructor(tree: TreeRef, pos: number, readonly line: number) {
    super(tree, pos);
  }
  toString(): string {
    return '{{else}}';
  }
}

abstract class BranchNode extends BaseNode {
  abstract readonly keyword: 'if' | 'range' | 'with';
  constructor(
    tree: TreeRef,
    pos: number,
    readonly line: number,
    readonly pipe: PipeNode,
    readonly list: ListNode,
    readonly elseList: ListNode | null,
  ) {
    super(tree, pos);
  }
  toString(): string {
    let s = `{{${this.keyword} ${this.pipe.toString()}}}${this.list.toString()}`;
    if (this.elseList) s += `{{else}}${this.elseList.toString()}`;
    return s + '{{end}}';
  }
}

export class IfNode extends BranchNode {
  readonly type = 'if';
  readonly keyword = 'if';
}
export class RangeNode extends BranchNode {
  readonly type = 'range';
  readonly keyword = 'range';
}
export class WithNode extends BranchNode {
  readonly type = 'with';
  readonly keyword = 'with';
}

export class BreakNode extends BaseNode {
  readonly type = 'break';
  constructor(tree: TreeRef, pos: number, readonly line: number) {
    super(tree, pos);
  }
  toString(): string {
    return '{{break}}';
  }
}

export class ContinueNode extends BaseNode {
  readonly type = 'continue';
  constructor(tree: TreeRef, pos: number, readonly line: number) {
    super(tree, pos);
  }
  toString(): string {
    return '{{continue}}';
  }
}

export class TemplateNode extends BaseNode {
  readonly type = 'template';
  constructor(tree: TreeRef, pos: number, readonly line: number, readonly name: string, readonly pipe: PipeNode | null) {
    super(tree, pos);
  }
  toString(): string {
    return `{{template ${quote(this.name)}${this.pipe ? ' ' + this.pipe.toString() : ''}}}`;
  }
}

// unicode.IsSpace, which bytes.TrimSpace uses (JavaScript's \s also counts U+FEFF).
const GO_SPACE_ONLY = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** Go's IsEmptyTree: only spaces and comments. */
export function isEmptyTree(n: Node | null): boolean {
  if (!n) return true;
  switch (n.type) {
    case 'comment':
      return true;
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return GO_SPACE_ONLY.test(n.text);
    default:
      return false;
  }
}
