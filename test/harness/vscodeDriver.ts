import { existsSync } from 'node:fs';
/**
 * Drives the VS Code workbench served by code-server like a person would: command palette,
 * input boxes, notifications, side bar trees and webview panels. Selectors were checked
 * against code-server 4.139.1 (VS Code 1.139).
 */
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';

export type TextMatch = string | RegExp;

const QUICK_INPUT = '.quick-input-widget';
const PALETTE_PLACEHOLDER = 'Type the name of a command to run.';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A string matches the whole (trimmed) text; a RegExp is used as given. */
function exactly(text: TextMatch): RegExp {
  return typeof text === 'string' ? new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) : text;
}

export class VsCodeDriver {
  private constructor(readonly page: Page) {}

  /**
   * Opens `url` (from CodeServerHandle) in a new page and waits until the workbench is
   * rendered and the extension host has loaded the extensions, so contributed commands,
   * views and menus exist.
   */
  static async open(browser: Browser, url: string, opts: { timeout?: number; onPage?: (page: Page) => void } = {}): Promise<VsCodeDriver> {
    const timeout = opts.timeout ?? 60_000;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Before the workbench loads, so that a test sees every console message from the start.
    opts.onPage?.(page);
    await page.goto(url, { timeout });
    await VsCodeDriver.workbenchLoaded(page, timeout);
    return new VsCodeDriver(page);
  }

  private static async workbenchLoaded(page: Page, timeout: number): Promise<void> {
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout });
    // VS Code marks this once the (remote) extension host has started and every extension's
    // contributions are registered; before it, the palette misses extension commands.
    await page.waitForFunction(() => performance.getEntriesByName('code/didLoadExtensions').length > 0, undefined, { timeout });
  }

  /** Reloads the window (Developer: Reload Window): a new extension host; waits until it is back. */
  async reloadWindow(opts: { timeout?: number } = {}): Promise<void> {
    const timeout = opts.timeout ?? 60_000;
    const loaded = this.page.waitForEvent('load', { timeout });
    await this.runCommand('Developer: Reload Window');
    await loaded;
    await VsCodeDriver.workbenchLoaded(this.page, timeout);
  }

  async close(): Promise<void> {
    await this.page.close();
  }

  /** The quick input widget (command palette, quick picks and input boxes share it). */
  get quickInput(): Locator {
    return this.page.locator(QUICK_INPUT);
  }

  /** A row of the open quick pick whose label matches. */
  quickItem(label: TextMatch): Locator {
    return this.quickInput
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) })
      .first();
  }

  /**
   * Runs a command from the palette by its full title as shown there ("Category: Title").
   * Retries by reopening the palette, which re-reads the registered commands.
   */
  async runCommand(title: string, opts: { timeout?: number } = {}): Promise<void> {
    const deadline = Date.now() + (opts.timeout ?? 30_000);
    for (;;) {
      const input = await this.openPalette(deadline);
      const item = this.quickItem(title);
      try {
        // The palette can close again right after it opened (seen while a modal dialog of the
        // previous step was going away: the page was still inert): then open it again.
        await input.fill(`>${title}`, { timeout: Math.max(1000, Math.min(5000, deadline - Date.now())) });
        await item.waitFor({ timeout: Math.max(1000, Math.min(5000, deadline - Date.now())) });
      } catch (err) {
        await this.page.keyboard.press('Escape');
        if (Date.now() >= deadline) throw new Error(`command '${title}' is not in the command palette`, { cause: err });
        continue;
      }
      await item.click();
      // The palette closes; the command may open its own quick input right after.
      await item.waitFor({ state: 'hidden', timeout: Math.max(1000, deadline - Date.now()) });
      return;
    }
  }

  private async openPalette(deadline: number): Promise<Locator> {
    const input = this.quickInput.locator(`input[placeholder="${PALETTE_PLACEHOLDER}"]`);
    for (;;) {
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ timeout: 2000 });
        return input;
      } catch (err) {
        // A modal dialog swallows every key: retrying cannot help.
        const blocker = await this.blocker();
        // Otherwise F1 can be lost while focus moves (e.g. into a webview that is loading): press again.
        if (blocker || Date.now() >= deadline) throw new Error(`the command palette did not open${blocker}`, { cause: err });
      }
    }
  }

  /** Why the workbench may not react, for error messages: an open modal dialog, or error toasts. */
  private async blocker(): Promise<string> {
    if (await this.dialog.isVisible()) {
      const text = (await this.dialog.locator('.dialog-message-container').innerText().catch(() => '')).replace(/\s*\n\s*/g, ' — ');
      return ` (a modal dialog is open: ${text})`;
    }
    const errors = await this.page.locator('.notifications-toasts .notification-toast:has(.codicon-error) .notification-list-item-message').allInnerTexts();
    return errors.length > 0 ? ` (error notifications: ${errors.join(' | ')})` : '';
  }

  /** Picks an item of an open quick pick (`showQuickPick`) by its label. */
  async pickQuickItem(label: TextMatch, opts: { timeout?: number } = {}): Promise<void> {
    const timeout = opts.timeout ?? 30_000;
    const item = this.quickItem(label);
    try {
      await item.waitFor({ timeout });
    } catch (err) {
      throw new Error(`no quick pick item ${String(label)}${await this.blocker()}`, { cause: err });
    }
    try {
      await item.click({ timeout: 5000 });
    } catch (err) {
      // Playwright waits for the row to be visible and stable; a closed quick pick keeps its rows
      // in the DOM, hidden.
      if (await this.quickInput.isVisible()) throw err;
      throw new Error(`the quick pick closed before ${String(label)} could be picked${await this.blocker()}`, { cause: err });
    }
    await item.waitFor({ state: 'hidden', timeout });
  }

  /**
   * Runs a command that asks with a quick pick, and picks `label`. (Twice in CI on 1 December the
   * pick closed right after opening: run from the palette while a webview was the active editor,
   * the webview took the focus back — microsoft/vscode#93950. TraceMQ's picks now stay open on
   * focus loss, quickPickOptions.ts, and a unit test holds every pick to it; a pick that closes
   * here again is a failure, not something to retry.)
   */
  async runCommandAndPick(title: string, label: TextMatch, opts: { timeout?: number } = {}): Promise<void> {
    const timeout = opts.timeout ?? 30_000;
    await this.runCommand(title, { timeout });
    await this.pickQuickItem(label, { timeout });
  }

  /**
   * Answers an input box (`showInputBox`): waits for one to open (optionally with a matching
   * prompt; `password` also checks that the input is masked), types `text` and presses Enter.
   * Throws with the validation message if the box does not accept the value.
   */
  async typeInInputBox(text: string, opts: { password?: boolean; prompt?: TextMatch; timeout?: number } = {}): Promise<void> {
    const timeout = opts.timeout ?? 30_000;
    // An input box is the quick input with its list hidden (a quick pick shows the list).
    await this.page
      .waitForFunction(
        (sel) => {
          const widget = document.querySelector<HTMLElement>(sel);
          const list = widget?.querySelector<HTMLElement>('.quick-input-list');
          return !!widget && widget.offsetParent !== null && !!list && list.offsetHeight === 0;
        },
        QUICK_INPUT,
        { timeout },
      )
      .catch(async (err: unknown) => {
        throw new Error(`no input box opened${await this.blocker()}`, { cause: err });
      });
    const input = this.quickInput.locator('.quick-input-box input');
    if (opts.prompt !== undefined) {
      await this.quickInput.locator('.quick-input-message', { hasText: opts.prompt }).waitFor({ timeout });
    }
    if (opts.password) {
      const type = await input.getAttribute('type');
      if (type !== 'password') throw new Error(`expected a password input box, found type '${type ?? ''}'`);
    }
    await input.fill(text);
    await input.press('Enter');
    try {
      // Accepted once the box closes, or its value changes because the next prompt opened.
      await this.page.waitForFunction(
        ({ sel, value }) => {
          const widget = document.querySelector<HTMLElement>(sel);
          const box = widget?.querySelector<HTMLInputElement>('.quick-input-box input');
          return !widget || widget.offsetParent === null || !box || box.value !== value;
        },
        { sel: QUICK_INPUT, value: text },
        { timeout },
      );
    } catch (err) {
      const message = await this.quickInput.locator('.quick-input-message').textContent().catch(() => '');
      const shown = opts.password ? '(password)' : `'${text}'`;
      throw new Error(`the input box did not accept ${shown}: ${message ?? ''}`, { cause: err });
    }
  }

  /**
   * Answers VS Code's own save/open dialog (in the browser it is a quick input with a path field)
   * with `path`. The dialog first shows its folder and only then fills in the default file name,
   * which would overwrite a path typed too early: wait until the value matches `ready` (the default
   * name) before typing, and check the typed value survived before pressing Enter.
   */
  async answerFileDialog(path: string, ready: RegExp, opts: { timeout?: number } = {}): Promise<void> {
    const timeout = opts.timeout ?? 30_000;
    const input = this.quickInput.locator('.quick-input-box input');
    await input.waitFor({ timeout });
    await this.page
      .waitForFunction(
        ({ sel, pattern }) => new RegExp(pattern).test(document.querySelector<HTMLInputElement>(sel)?.value ?? ''),
        { sel: `${QUICK_INPUT} .quick-input-box input`, pattern: ready.source },
        { timeout },
      )
      .catch(async (err: unknown) => {
        throw new Error(`the file dialog never showed its default (${String(ready)}); it shows '${await input.inputValue().catch(() => '?')}'`, { cause: err });
      });
    await input.fill(path);
    const typed = await input.inputValue();
    if (typed !== path) throw new Error(`the file dialog changed the typed path to '${typed}'`);
    // For a path in another folder the dialog first lists that folder; an Enter before it has is
    // taken as "go there" rather than "this file". A file to open is listed once it is ready (a
    // file to save may not exist yet, so then there is nothing to wait for).
    const name = path.slice(path.lastIndexOf('/') + 1);
    const listed = this.quickInput.locator('.quick-input-list .monaco-list-row .label-name', { hasText: exactly(name) });
    if (existsSync(path)) await listed.first().waitFor({ timeout }).catch(() => undefined);
    // Enter is answered once the dialog closes; pressed again (a few times at most) when the
    // dialog was still busy with the typed value.
    for (let attempt = 1; ; attempt++) {
      await input.press('Enter');
      try {
        await this.quickInput.waitFor({ state: 'hidden', timeout: attempt < 3 ? 3000 : timeout });
        return;
      } catch (err) {
        if (attempt >= 3) throw new Error(`the file dialog did not accept '${path}'; it shows '${await input.inputValue().catch(() => '?')}'`, { cause: err });
      }
    }
  }

  /** The open modal dialog (`show…Message(…, { modal: true })`, "Command … resulted in an error"…). */
  get dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  /** Waits for a modal dialog whose message or detail matches; returns "message\ndetail". */
  async waitForDialog(text: TextMatch, opts: { timeout?: number } = {}): Promise<string> {
    const message = this.dialog.locator('.dialog-message-container', { hasText: text });
    await message.waitFor({ timeout: opts.timeout ?? 30_000 });
    return message.innerText();
  }

  /** Clicks a button of the open modal dialog ("OK", "Cancel", or the extension's own) and waits for it to close. */
  async answerDialog(button: string): Promise<void> {
    await this.dialog.locator('.dialog-buttons a.monaco-button', { hasText: exactly(button) }).click();
    await this.dialog.waitFor({ state: 'hidden' });
  }

  /**
   * Sets a boolean setting in the Settings editor (User), as a user does: `@id:` search, a click on
   * its checkbox, then `confirmed` — which waits for whatever shows the change took effect — and
   * the editor closed. VS Code 1.139 shows the Settings editor as a modal editor over the
   * workbench: it blocks the palette and clicks until closed, but the editors under it stay
   * rendered, so a webview located before (a FrameLocator) can be read from `confirmed`. The
   * editor is closed only after `confirmed`: the change is written after a pause, and closing it
   * at once can lose it.
   */
  async setBooleanSetting(id: string, value: boolean, confirmed: () => Promise<void>, opts: { timeout?: number } = {}): Promise<void> {
    const timeout = opts.timeout ?? 30_000;
    await this.runCommand('Preferences: Open User Settings');
    const editor = this.page.locator('.settings-editor');
    await editor.waitFor({ timeout });
    // The search box keeps the last search when the editor is shown again: select all first.
    await editor.locator('.settings-header .suggest-input-container').first().click({ timeout: 5000 }).catch(() => undefined);
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(`@id:${id}`);
    // By its label (the setting's id): until the search is applied the list shows other settings'
    // checkboxes, and a click on "the first checkbox" toggled Editor: Format On Save in one run.
    const box = editor.locator(`.setting-value-checkbox[aria-label=${JSON.stringify(id)}]`);
    const deadline = Date.now() + timeout;
    // A click while the list is still being rendered anew can be lost: clicked again until it holds.
    while ((await box.getAttribute('aria-checked', { timeout: Math.max(1, deadline - Date.now()) })) !== String(value)) {
      if (Date.now() > deadline) throw new Error(`the Settings editor did not set ${id} to ${String(value)} within ${timeout} ms`);
      await box.click({ timeout: Math.max(1, deadline - Date.now()) });
      await editor.locator(`.setting-value-checkbox[aria-label=${JSON.stringify(id)}][aria-checked="${String(value)}"]`).waitFor({ timeout: 2000 }).catch(() => undefined);
    }
    await confirmed();
    const modal = this.page.locator('.monaco-modal-editor-block');
    for (let attempt = 0; attempt < 3 && (await modal.count()) > 0; attempt++) {
      await this.page.keyboard.press('Escape');
      await modal.waitFor({ state: 'detached', timeout: 3000 }).catch(() => undefined);
    }
    if ((await modal.count()) > 0) await modal.locator('.modal-editor-action-container .codicon-close').first().click({ timeout: 10_000 });
    await modal.waitFor({ state: 'detached', timeout: 10_000 });
  }

  /** Toast notifications whose message matches (substring for a string). */
  notification(text: TextMatch): Locator {
    return this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message', { hasText: text });
  }

  /**
   * Waits for a toast notification and returns its full message. Info toasts hide by themselves
   * after about 15 s, so call this right after the action that shows one.
   */
  async waitForNotification(text: TextMatch, opts: { timeout?: number } = {}): Promise<string> {
    const message = this.notification(text).first();
    await message.waitFor({ timeout: opts.timeout ?? 30_000 });
    return (await message.textContent()) ?? '';
  }

  /** Clears every notification (toasts and the notification centre). */
  async dismissNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached' });
  }

  /** The activity bar entry (`li`) of a view container, by its title ("TraceMQ", "Explorer"…). */
  activityBarItem(containerTitle: string): Locator {
    return this.page.locator('.part.activitybar li.action-item').filter({ has: this.activityBarLink(containerTitle) });
  }

  private activityBarLink(containerTitle: string): Locator {
    // The label gains " (Ctrl+Shift+E)" when the container has a keybinding.
    const title = JSON.stringify(containerTitle);
    return this.page.locator(`a.action-label[aria-label=${title}], a.action-label[aria-label^=${JSON.stringify(`${containerTitle} (`)}]`);
  }

  /** Shows a view container in the side bar; clicking an already shown one would hide it, so it is not clicked then. */
  async openView(containerTitle: string, opts: { timeout?: number } = {}): Promise<void> {
    const timeout = opts.timeout ?? 30_000;
    const item = this.activityBarItem(containerTitle);
    await item.waitFor({ timeout });
    const shown = this.page.locator('.part.activitybar li.action-item.checked').filter({ has: this.activityBarLink(containerTitle) });
    if (!(await this.page.locator('.part.sidebar').isVisible()) || (await shown.count()) === 0) await item.click();
    await shown.waitFor({ timeout });
    await this.page.locator('.part.sidebar').waitFor({ timeout });
  }

  /** A row of a tree in the side bar, by its label. */
  treeItem(label: TextMatch): Locator {
    return this.page
      .locator('.part.sidebar .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) })
      .first();
  }

  /** The description (grey text after the label) of a side bar tree item. */
  async treeItemDescription(label: TextMatch): Promise<string> {
    const row = this.treeItem(label);
    await row.waitFor();
    return (await row.locator('.label-description').textContent()) ?? '';
  }

  /** An editor tab by its title. */
  editorTab(title: TextMatch): Locator {
    return this.page
      .locator('.part.editor .tabs-container .tab')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(title) }) })
      .first();
  }

  /**
   * The document of a webview panel: the active editor's, or the one titled `panelTitle` (its
   * tab is clicked if it is not the active one of its group). A webview is an
   * `iframe.webview.ready` host frame (named after the webview's id) holding the extension's
   * HTML in `iframe#active-frame`; the editor that shows it points at it with `aria-flowto`.
   */
  async webviewFrame(panelTitle?: string, opts: { timeout?: number } = {}): Promise<FrameLocator> {
    const timeout = opts.timeout ?? 30_000;
    let group: Locator;
    if (panelTitle === undefined) {
      group = this.page.locator('.part.editor .editor-group-container.active');
    } else {
      const tab = this.editorTab(panelTitle);
      await tab.waitFor({ timeout });
      if (!(await tab.evaluate((el) => el.classList.contains('active')))) await tab.click();
      const activeTab = this.page.locator('.tab.active', { has: this.page.locator('.label-name', { hasText: exactly(panelTitle) }) });
      group = this.page.locator('.part.editor .editor-group-container').filter({ has: activeTab });
    }
    // A group keeps hidden panes of editors it showed before; only the visible one counts.
    const pointer = group
      .locator('.editor-instance')
      .filter({ visible: true })
      .locator('[id^="webview-editor-element-"][aria-flowto]');
    const deadline = Date.now() + timeout;
    for (;;) {
      await pointer.waitFor({ state: 'attached', timeout: Math.max(1, deadline - Date.now()) });
      const id = await pointer.getAttribute('aria-flowto');
      const host = this.page.locator(`iframe.webview.ready[name="${id ?? ''}"]`);
      try {
        // Right after a tab switch the pointer may still name the previous (now hidden) webview.
        await host.waitFor({ state: 'visible', timeout: Math.max(1, Math.min(2000, deadline - Date.now())) });
        return host.contentFrame().frameLocator('iframe#active-frame');
      } catch (err) {
        if (Date.now() >= deadline) {
          throw new Error(`no visible webview in the ${panelTitle === undefined ? 'active editor' : `editor '${panelTitle}'`}`, { cause: err });
        }
      }
    }
  }
}
