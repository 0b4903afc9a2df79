import { requirePageUser } from "@/lib/auth/current-user";
import { listUsers } from "@/lib/users/list-users";
import { CreateUserForm } from "./create-user-form";
import { UserAccessControls } from "./user-access-controls";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requirePageUser("users:manage");
  const users = await listUsers();
  return (
    <>
      <h1>Users</h1>
      <table>
        <thead>
          <tr><th>Name</th><th>Email</th><th>Role and access</th></tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} className={user.disabled ? "disabled" : undefined}>
              <td>{user.name}{user.id === actor.id ? " (you)" : ""}</td>
              <td>{user.email}</td>
              <td><UserAccessControls user={{ id: user.id, email: user.email, role: user.role, disabled: user.disabled, mustChangePassword: user.mustChangePassword }} isSelf={user.id === actor.id} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Add a user</h2>
      <CreateUserForm />
    </>
  );
}
