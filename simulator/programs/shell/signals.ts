/** Control flow that unwinds the interpreter: `exit`, `return`, `break`/`continue`, expansion errors. */
export class ExitSignal {
  readonly status: number;
  /** An error to print after bash's `logout`/`exit` line (`exit abc`). */
  readonly message: string | undefined;
  constructor(status: number, message?: string) {
    this.status = status;
    this.message = message;
  }
}
export class ReturnSignal {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}
export class LoopSignal {
  readonly kind: 'break' | 'continue';
  levels: number;
  constructor(kind: 'break' | 'continue', levels: number) {
    this.kind = kind;
    this.levels = levels;
  }
}
/** Ends the current simple command after an expansion error (status 1, as bash). */
export class CommandAbort {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}
