/** Staff accounts (administrators): create, change the role, disable; every change audited. */
import { audit, createStaff, disableStaff, isRole, listStaff, ROLES, setStaffRole } from '../../../core/accounts/staff';
import { CoreError } from '../../../core/errors';
import { ct } from '../../../templates/console/messages';
import { staffPage } from '../../../templates/console/staff';
import type { FieldError } from '../../../web';
import { notFound, type RouteCall } from '../context';

async function show(x: RouteCall, o: { status?: number; errors?: FieldError[]; ok?: string[] } = {}): Promise<void> {
  const users = await listStaff(x.store);
  x.page(o.status ?? 200, staffPage(x.frame(), { users, roles: ROLES, errors: o.errors ?? [], ok: o.ok ?? [] }));
}

export async function list(x: RouteCall): Promise<void> {
  await show(x);
}

export async function create(x: RouteCall): Promise<void> {
  const f = await x.fields();
  if (f === null) return;
  const role = f.get('role');
  if (!isRole(role)) return show(x, { status: 400, errors: [{ field: 'role', message: ct('role', x.lang) }] });
  try {
    await x.together(async (s) => {
      const u = await createStaff(s, { login: f.get('login') ?? '', name: f.get('name') ?? '', role, password: f.get('password') ?? '', email: (f.get('email') ?? '') || null }, x.ctx.now());
      await audit(s, x.me.actor, 'staff-create', `staff:${u.login}`, { role: u.role }, x.ctx.now());
    });
    await show(x, { ok: [ct('saved', x.lang)] });
  } catch (err) {
    if (!(err instanceof CoreError) || err.slug !== 'invalid-staff') throw err;
    await show(x, { status: 400, errors: [{ field: null, message: err.detail }] });
  }
}

export async function disable(x: RouteCall): Promise<void> {
  if ((await x.fields()) === null) return;
  const login = x.param('login');
  const done = await x.together(async (s) => {
    if (!(await disableStaff(s, login, x.ctx.now()))) return false;
    await audit(s, x.me.actor, 'staff-disable', `staff:${login}`, {}, x.ctx.now());
    return true;
  });
  if (!done) throw notFound('Unknown staff login.');
  await show(x, { ok: [ct('saved', x.lang)] });
}

export async function setRole(x: RouteCall): Promise<void> {
  const f = await x.fields();
  if (f === null) return;
  const login = x.param('login');
  const role = f.get('role');
  if (!isRole(role)) return show(x, { status: 400, errors: [{ field: null, message: ct('role', x.lang) }] });
  const done = await x.together(async (s) => {
    if (!(await setStaffRole(s, login, role))) return false;
    await audit(s, x.me.actor, 'staff-role', `staff:${login}`, { role }, x.ctx.now());
    return true;
  });
  if (!done) throw notFound('Unknown staff login.');
  await show(x, { ok: [ct('saved', x.lang)] });
}
