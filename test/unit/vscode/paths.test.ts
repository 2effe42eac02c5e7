import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseName, dirName, displayDirectory, displayPath } from '../../../src/vscode/paths';

describe('displayPath', () => {
  const single = { workspaceFolders: ['/home/dev/project'], home: '/home/dev' };

  it('is workspace-relative inside the single workspace folder', () => {
    assert.equal(displayPath('/home/dev/project/src/a.ts', single), 'src/a.ts');
  });

  it('does not treat a sibling folder with the same prefix as inside', () => {
    assert.equal(displayPath('/home/dev/project-old/a.ts', single), '~/project-old/a.ts');
  });

  it('uses ~ for the home folder and the absolute path elsewhere', () => {
    assert.equal(displayPath('/home/dev/.claude/projects/x.jsonl', single), '~/.claude/projects/x.jsonl');
    assert.equal(displayPath('/etc/hosts', single), '/etc/hosts');
    assert.equal(displayPath('/home/dev', single), '~');
  });

  it('prefixes the folder name in a multi-root workspace and picks the innermost folder', () => {
    const multi = { workspaceFolders: ['/w/app', '/w/app/packages/lib'], home: '/home/dev' };
    assert.equal(displayPath('/w/app/src/a.ts', multi), 'app/src/a.ts');
    assert.equal(displayPath('/w/app/packages/lib/b.ts', multi), 'lib/b.ts');
  });

  it('handles Windows paths: back slashes and drive letter case', () => {
    const win = { workspaceFolders: ['C:\\Users\\dev\\proj'], home: 'C:\\Users\\dev' };
    assert.equal(displayPath('c:\\Users\\dev\\proj\\src\\a.ts', win), 'src/a.ts');
    assert.equal(displayPath('C:/Users/dev/notes.md', win), '~/notes.md');
  });

  it('shows the folder name for the folder itself', () => {
    assert.equal(displayPath('/home/dev/project/', single), 'project');
  });
});

describe('path parts', () => {
  it('splits base and directory names', () => {
    assert.equal(baseName('/a/b/c.ts'), 'c.ts');
    assert.equal(baseName('C:\\a\\c.ts'), 'c.ts');
    assert.equal(dirName('/a/b/c.ts'), '/a/b');
    assert.equal(dirName('/c.ts'), '/');
    assert.equal(dirName('c.ts'), '');
  });

  it('gives the displayed directory', () => {
    const ctx = { workspaceFolders: ['/w'], home: '/h' };
    assert.equal(displayDirectory('/w/src/deep/a.ts', ctx), 'src/deep');
    assert.equal(displayDirectory('/w/a.ts', ctx), '');
  });
});
