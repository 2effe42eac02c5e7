// The restore preview's pickers: the files of a checkpoint (checkboxes, a diff button and a hunks button per file)
// and the hunks of one file. The texts come from restorePreview.ts; this file only drives the QuickPick.
import * as vscode from 'vscode';
import type { RestoreHunk } from '../../core/checkpoints/hunkRestore';
import { hunkItems, type HunkChoice, type PreviewItem } from './restorePreview';

interface FileItem extends vscode.QuickPickItem {
  preview?: PreviewItem;
}

export type PreviewOutcome = { kind: 'accept'; picked: Set<string> } | { kind: 'hunks'; path: string; picked: Set<string> } | { kind: 'cancel' };

const diffButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('diff'), tooltip: 'Compare Current ↔ Checkpoint' };
const hunksButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('list-selection'), tooltip: 'Choose Hunks…' };

function fileItems(previews: readonly PreviewItem[]): FileItem[] {
  const out: FileItem[] = [];
  let section: 'changes' | 'other' | undefined;
  for (const p of previews) {
    const s = p.selectable ? 'changes' : 'other';
    if (s !== section) {
      section = s;
      out.push({ label: s === 'changes' ? 'Changes' : 'Not restored', kind: vscode.QuickPickItemKind.Separator });
    }
    out.push({
      label: p.label,
      description: p.description,
      ...(p.detail !== undefined ? { detail: p.detail } : {}),
      picked: p.picked,
      alwaysShow: true,
      buttons: p.selectable ? (p.action === 'write' ? [diffButton, hunksButton] : [diffButton]) : [],
      preview: p,
    });
  }
  return out;
}

/**
 * One round of the file preview. `picked`: the paths checked so far (kept across the hunk picker); `onDiff` opens a
 * file's diff without closing the picker.
 */
export function pickFiles(title: string, previews: readonly PreviewItem[], picked: ReadonlySet<string> | undefined, onDiff: (path: string) => void): Promise<PreviewOutcome> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<FileItem>();
    const items = fileItems(previews);
    qp.title = title;
    qp.placeholder = 'Check the files to restore (conflicts start unchecked); Enter to continue';
    qp.canSelectMany = true;
    qp.ignoreFocusOut = true;
    qp.matchOnDescription = true;
    qp.items = items;
    qp.selectedItems = items.filter((i) => i.preview?.selectable && (picked ? picked.has(i.preview.path) : i.preview.picked));
    let outcome: PreviewOutcome = { kind: 'cancel' };
    const selected = (): Set<string> => new Set(qp.selectedItems.flatMap((i) => (i.preview?.selectable ? [i.preview.path] : [])));
    const subs: vscode.Disposable[] = [
      qp.onDidChangeSelection((sel) => {
        // Unchanged and unrestorable files are listed, never restored: a check on them is taken back.
        if (sel.some((i) => !i.preview?.selectable)) {
          qp.selectedItems = sel.filter((i) => i.preview?.selectable);
        }
      }),
      qp.onDidTriggerItemButton((e) => {
        const path = e.item.preview?.path;
        if (path === undefined) {
          return;
        }
        if (e.button === hunksButton) {
          outcome = { kind: 'hunks', path, picked: selected() };
          qp.hide();
        } else {
          onDiff(path);
        }
      }),
      qp.onDidAccept(() => {
        outcome = { kind: 'accept', picked: selected() };
        qp.hide();
      }),
      qp.onDidHide(() => {
        for (const s of subs) {
          s.dispose();
        }
        qp.dispose();
        resolve(outcome);
      }),
    ];
    qp.show();
  });
}

interface HunkPickItem extends vscode.QuickPickItem {
  index: number;
}

/** The hunks of one file to restore; undefined when cancelled (the earlier choice stays). */
export async function pickHunks(fileLabel: string, hunks: readonly RestoreHunk[], previous: HunkChoice | undefined): Promise<HunkChoice | undefined> {
  const items: HunkPickItem[] = hunkItems(hunks).map((h) => ({
    index: h.index,
    label: h.label,
    description: h.description,
    detail: h.detail,
    picked: previous ? previous.chosen.has(h.index) : true,
  }));
  const chosen = await vscode.window.showQuickPick(items, {
    title: `Hunks of ${fileLabel} to restore`,
    placeHolder: 'Checked hunks are restored to the checkpoint; unchecked ones keep the current lines',
    canPickMany: true,
    ignoreFocusOut: true,
    matchOnDetail: true,
  });
  return chosen ? { chosen: new Set(chosen.map((c) => c.index)), total: hunks.length } : undefined;
}
