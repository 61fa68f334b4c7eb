/**
 * The @vscode-elements components the forms use, and only those (each import registers one
 * custom element). The references load their types, which declare the tag names globally.
 */
/// <reference path="../../node_modules/@vscode-elements/elements/dist/vscode-button/vscode-button.d.ts" />
/// <reference path="../../node_modules/@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.d.ts" />
/// <reference path="../../node_modules/@vscode-elements/elements/dist/vscode-form-group/vscode-form-group.d.ts" />
/// <reference path="../../node_modules/@vscode-elements/elements/dist/vscode-form-helper/vscode-form-helper.d.ts" />
/// <reference path="../../node_modules/@vscode-elements/elements/dist/vscode-label/vscode-label.d.ts" />
/// <reference path="../../node_modules/@vscode-elements/elements/dist/vscode-textarea/vscode-textarea.d.ts" />
/// <reference path="../../node_modules/@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.d.ts" />
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-form-group/index.js';
import '@vscode-elements/elements/dist/vscode-form-helper/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';

export type Textfield = HTMLElementTagNameMap['vscode-textfield'];
export type Textarea = HTMLElementTagNameMap['vscode-textarea'];
export type Checkbox = HTMLElementTagNameMap['vscode-checkbox'];
export type Button = HTMLElementTagNameMap['vscode-button'];
