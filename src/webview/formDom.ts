import type { FormMeta } from '../forms/protocol';

/** The DOM half of a form; the controller owns the values, validation and messages. */
export interface FormDom<V> {
  /** The fields; their `input` and `change` events bubble out of here. */
  readonly element: HTMLElement;
  read(): V;
  write(values: V): void;
  showMeta(meta: FormMeta): void;
  /** Hints that follow the typed values (UTC time, durations, plan warning). */
  showHints(values: V): void;
}

/** Requests a form can make of the host besides saving. */
export interface FormActions {
  rotateNow(): void;
  reauthorize(): void;
}
