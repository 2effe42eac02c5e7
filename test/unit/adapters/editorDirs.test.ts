// The editors' user-data folders given to adapters: per platform, honouring APPDATA / XDG_CONFIG_HOME, the running
// editor's first and not twice.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { editorUserDirs } from '../../../src/adapters/editorDirs';

test('editor user folders per platform, the running one first', () => {
  assert.deepEqual(editorUserDirs('/home/u', {}, 'linux').slice(0, 2), [join('/home/u/.config/Code/User'), join('/home/u/.config/Code - Insiders/User')]);
  assert.equal(editorUserDirs('/home/u', { XDG_CONFIG_HOME: '/xdg' }, 'linux')[3], join('/xdg/Cursor/User'));
  assert.equal(editorUserDirs('/Users/u', {}, 'darwin')[0], join('/Users/u/Library/Application Support/Code/User'));
  assert.equal(editorUserDirs('C:\\Users\\u', { APPDATA: 'D:\\roaming' }, 'win32')[0], join('D:\\roaming', 'Code', 'User'));
  const running = join('/home/u/.config/Cursor/User');
  const dirs = editorUserDirs('/home/u', {}, 'linux', running);
  assert.equal(dirs[0], running);
  assert.equal(dirs.filter((d) => d === running).length, 1);
  assert.equal(editorUserDirs('/home/u', {}, 'linux', '/portable/data/user-data/User')[0], '/portable/data/user-data/User');
});
