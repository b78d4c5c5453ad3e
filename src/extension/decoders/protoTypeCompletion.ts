import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { findNodeAtLocation, getLocation, getNodeValue, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import { declaredMessageTypes, loadProtoRoot } from './protoSchemaLoader';

/**
 * Completes `"type"` of a protobuf binding in `.tracemq.json` with the message types its `.proto`
 * (and what it imports) declares. Only in a trusted workspace: it reads the files the workspace names.
 */
export class ProtoTypeCompletion implements vscode.CompletionItemProvider {
  static register(): vscode.Disposable {
    return vscode.languages.registerCompletionItemProvider({ pattern: '**/.tracemq.json' }, new ProtoTypeCompletion(), '"', '.');
  }

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    if (!vscode.workspace.isTrusted || document.uri.scheme !== 'file') return undefined;
    const text = document.getText();
    const location = getLocation(text, document.offsetAt(position));
    const [list, index, key] = location.path;
    if (list !== 'decoders' || typeof index !== 'number' || key !== 'type' || location.isAtPropertyKey) return undefined;
    const root = parseTree(text);
    const protoNode = root ? findNodeAtLocation(root, ['decoders', index, 'proto']) : undefined;
    const proto: unknown = protoNode ? getNodeValue(protoNode) : undefined;
    if (typeof proto !== 'string' || proto === '') return undefined;
    const pathsNode = root ? findNodeAtLocation(root, ['decoders', index, 'protoPaths']) : undefined;
    const paths: unknown = pathsNode ? getNodeValue(pathsNode) : undefined;
    const folder = dirname(document.uri.fsPath);
    const resolve = (p: string): string => (isAbsolute(p) ? p : join(folder, p));
    const loaded = loadProtoRoot(resolve(proto), Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string').map(resolve) : [], (p) => readFileSync(p, 'utf8'));
    if ('problem' in loaded) return undefined;
    const typeNode = root ? findNodeAtLocation(root, ['decoders', index, 'type']) : undefined;
    const range = typeNode?.type === 'string' ? new vscode.Range(document.positionAt(typeNode.offset), document.positionAt(typeNode.offset + typeNode.length)) : undefined;
    return declaredMessageTypes(loaded.root).map((name) => {
      const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.Class);
      item.detail = `message of ${proto}`;
      item.insertText = JSON.stringify(name);
      item.filterText = JSON.stringify(name);
      if (range) item.range = range;
      return item;
    });
  }
}
